package dev.edgerelay.relay.platform;

import io.vertx.core.http.HttpMethod;

/**
 * Every endpoint of the platform API (spec sections 1 to 15), with the wire path of API-NOTES.md,
 * the key it needs and whether a failed call may be repeated. One table drives the client, its
 * errors ({@link PlatformException#endpoint()}) and docs/api-coverage.md.
 */
public enum Endpoint {
  DEVICE_ADD("1.1", HttpMethod.POST, "/devices", KeyRule.MASTER),
  DEVICE_REGISTER("1.2", HttpMethod.POST, "/register_de", KeyRule.NONE),
  DEVICE_UPDATE("1.3", HttpMethod.PUT, "/devices/{device_id}", KeyRule.MASTER_OR_DEVICE),
  DEVICE_GET("1.4", HttpMethod.GET, "/devices/{device_id}", KeyRule.MASTER_OR_DEVICE),
  DEVICE_SEARCH("1.5", HttpMethod.GET, "/devices", KeyRule.MASTER_OR_DEVICE),
  DEVICE_DELETE("1.6", HttpMethod.DELETE, "/devices/{device_id}", KeyRule.MASTER_OR_DEVICE),
  CHANNEL_QUERY("2.1", HttpMethod.GET, "/ipc/video/device/QryChannel", KeyRule.MASTER_OR_DEVICE),
  CHANNEL_DELETE("2.2", HttpMethod.DELETE, "/ipc/video/device/DelChannel", KeyRule.MASTER_OR_DEVICE),
  CHANNEL_ADD("2.3", HttpMethod.POST, "/ipc/video/device/AddChannel", KeyRule.MASTER_OR_DEVICE),
  CHANNEL_MODIFY("2.4", HttpMethod.POST, "/ipc/video/device/ModifyChannel", KeyRule.MASTER_OR_DEVICE),
  COMMAND_SEND("3.1", HttpMethod.POST, "/ipc/video/cmds", KeyRule.MASTER_OR_DEVICE),
  COMMAND_STATUS("3.2", HttpMethod.GET, "/ipc/video/cmd_status", KeyRule.MASTER_OR_DEVICE),
  COMMAND_RESPONSE("3.3", HttpMethod.GET, "/ipc/video/cmd_resp", KeyRule.MASTER_OR_DEVICE),
  PLAY_ADDRESS("4.1", HttpMethod.GET, "/ipc/video/play_address", KeyRule.MASTER_OR_DEVICE),
  /** On the HLS host returned by play_address, not on the API host. */
  HLS_PRELOAD("4.2", HttpMethod.GET, "/live/live_{device_id}_{channel_id}/preload", KeyRule.MASTER_OR_DEVICE),
  /** On {@code coveraddr}; the token in the query is the only credential. */
  LIVE_PREVIEW("4.3", HttpMethod.GET, "/live_preview/{device_id}_{channel_id}", KeyRule.NONE),
  PICTURE_UPLOAD("5.1", HttpMethod.PUT, "/ipc/video/picture/upload", KeyRule.MASTER_OR_DEVICE),
  PICTURE_LIST("5.2", HttpMethod.GET, "/ipc/video/picture/get_list", KeyRule.MASTER_OR_DEVICE),
  PICTURE_INFO("5.3", HttpMethod.GET, "/ipc/video/picture/get_info", KeyRule.MASTER_OR_DEVICE),
  /** The path's spelling is the platform's own (API-NOTES "Wire names"). */
  PICTURE_DELETE("5.4", HttpMethod.DELETE, "/ipc/video/picture/delete_pictrue", KeyRule.MASTER_OR_DEVICE),
  /** The url given by get_list / get_info; no header. */
  PICTURE_FETCH("5.5", HttpMethod.GET, "{url}", KeyRule.NONE),
  VIDEO_INFO("6.1", HttpMethod.GET, "/ipc/video/vod/get_video_info", KeyRule.MASTER_OR_DEVICE),
  VIDEO_LIST("6.2", HttpMethod.GET, "/ipc/video/vod/get_video_list", KeyRule.MASTER_OR_DEVICE),
  VIDEO_DELETE("6.3", HttpMethod.POST, "/ipc/video/vod/delete_video", KeyRule.MASTER_OR_DEVICE),
  VIDEO_RENAME("6.4", HttpMethod.PUT, "/ipc/video/vod/rename_video", KeyRule.MASTER_OR_DEVICE),
  VIDEO_PLAY_TOKEN("6.5", HttpMethod.GET, "/ipc/video/vod/get_play_token", KeyRule.MASTER_OR_DEVICE),
  TRANS_ENCRYPT_SET("7.1", HttpMethod.PUT, "/ipc/video/trans_encrypt", KeyRule.MASTER_OR_DEVICE),
  TRANS_ENCRYPT_GET("7.2", HttpMethod.GET, "/ipc/video/trans_encrypt", KeyRule.MASTER_OR_DEVICE),
  DEVICE_STATUS("8", HttpMethod.GET, "/ipc/video/device/QryDevStatus", KeyRule.MASTER_OR_DEVICE),
  DEVICE_MESSAGES("9", HttpMethod.GET, "/ipc/video/device/QryDevMsg", KeyRule.MASTER_OR_DEVICE),
  BOOT_ADDRESS("10", HttpMethod.GET, "/ipc/video/boot_address", KeyRule.NONE),
  DEVICE_ACTIVE("11", HttpMethod.POST, "/ipc/video/dev_active", KeyRule.MASTER_OR_DEVICE),
  /** A GET that starts or stops a recording: it changes state, so it is never repeated silently. */
  RECORD_VIDEO("12", HttpMethod.GET, "/ipc/video/record/record_video", KeyRule.MASTER_OR_DEVICE, false),
  STAT_ONLINE_LIST("13.1", HttpMethod.GET, "/ipc/video/stat/getonlinelist", KeyRule.MASTER),
  STAT_PUSH_LIST("13.2", HttpMethod.GET, "/ipc/video/stat/getpushlist", KeyRule.MASTER),
  CAMERA_CLOSE("14", HttpMethod.PUT, "/ipc/video/access_control/closecamera", KeyRule.MASTER_OR_DEVICE),
  OBJECT_UPLOAD("15.1", HttpMethod.PUT, "/ipc/video/file/upload", KeyRule.MASTER_OR_DEVICE, false, 200),
  OBJECT_DOWNLOAD("15.2", HttpMethod.GET, "/ipc/video/file/download", KeyRule.MASTER_OR_DEVICE),
  OBJECT_DELETE("15.3", HttpMethod.DELETE, "/ipc/video/file/delete", KeyRule.MASTER_OR_DEVICE, false, 200),
  OBJECT_LIST("15.4", HttpMethod.GET, "/ipc/video/file/list", KeyRule.MASTER_OR_DEVICE);

  /** Which {@code api-key} header an endpoint takes (API-NOTES "Envelope, auth, host"). */
  public enum KeyRule {
    /** No header is sent. */
    NONE,
    /** The master (product) key only. */
    MASTER,
    /** The master key or the device's own key. */
    MASTER_OR_DEVICE
  }

  private final String section;
  private final HttpMethod method;
  private final String path;
  private final KeyRule keyRule;
  private final boolean retryable;
  private final int successErrno;

  Endpoint(String section, HttpMethod method, String path, KeyRule keyRule) {
    this(section, method, path, keyRule, method == HttpMethod.GET, 0);
  }

  Endpoint(String section, HttpMethod method, String path, KeyRule keyRule, boolean retryable) {
    this(section, method, path, keyRule, retryable, 0);
  }

  Endpoint(String section, HttpMethod method, String path, KeyRule keyRule, boolean retryable, int successErrno) {
    this.section = section;
    this.method = method;
    this.path = path;
    this.keyRule = keyRule;
    this.retryable = retryable;
    this.successErrno = successErrno;
  }

  /** Section number in the spec, e.g. "4.1". */
  public String section() {
    return section;
  }

  public HttpMethod method() {
    return method;
  }

  /** Path template as the spec writes it, {@code {name}} marking a substituted segment. */
  public String path() {
    return path;
  }

  public KeyRule keyRule() {
    return keyRule;
  }

  /** True for idempotent GETs only: those are retried on connection errors and 5xx. */
  public boolean retryable() {
    return retryable;
  }

  /** The errno of success: 0 everywhere except object storage upload and delete (200, spec 15). */
  public int successErrno() {
    return successErrno;
  }

  @Override
  public String toString() {
    return section + " " + method.name() + " " + path;
  }
}
