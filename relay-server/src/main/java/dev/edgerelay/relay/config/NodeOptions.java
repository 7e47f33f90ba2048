package dev.edgerelay.relay.config;

import dev.edgerelay.relay.thumbnail.ThumbnailOptions;
import dev.edgerelay.relay.record.RecorderOptions;
import dev.edgerelay.relay.snapshot.SnapshotOptions;
import dev.edgerelay.relay.upload.UploadOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The node's own settings (ports, platform, data directory). Sources are merged by
 * {@link NodeConfigLoader}; this class holds the typed result and validates it in one place.
 */
public final class NodeOptions {
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_RTMP_PORT = 1935;
  public static final String DEFAULT_BIND_HOST = "0.0.0.0";
  public static final String DEFAULT_ADVERTISE_HOST = "127.0.0.1";
  public static final String DEFAULT_DATA_DIR = "data";
  public static final String DEFAULT_API_KEY = "sim-master-key";
  public static final String DEFAULT_PRODUCT_ID = "100001";
  public static final int DEFAULT_SIM_CAMERAS = 4;
  public static final String DEFAULT_SIM_CAMERA_MODE = "pattern";
  public static final int DEFAULT_SIM_HTTP_PORT = 18080;
  public static final int DEFAULT_SIM_RTMP_PORT = 19350;
  public static final int DEFAULT_HLS_SEGMENT_MS = 2_000;
  public static final int DEFAULT_HLS_WINDOW = 6;
  public static final int DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_DIRECTORY_REFRESH_MS = 60_000;
  public static final int DEFAULT_THUMBNAIL_WORKERS = ThumbnailOptions.DEFAULT_WORKERS;
  public static final int DEFAULT_THUMBNAIL_QUEUE = ThumbnailOptions.DEFAULT_QUEUE;
  public static final int DEFAULT_THUMBNAIL_MAX_AGE_MS = (int) ThumbnailOptions.DEFAULT_MAX_AGE_MILLIS;
  public static final int DEFAULT_THUMBNAIL_COLD_WAIT_MS = (int) ThumbnailOptions.DEFAULT_COLD_WAIT_MILLIS;
  /** Enough for a large site; more is almost certainly a typo. */
  public static final int MAX_SIM_CAMERAS = 1000;

  private String platformUrl;
  private String apiKey = DEFAULT_API_KEY;
  private String productId = DEFAULT_PRODUCT_ID;
  private int httpPort = DEFAULT_HTTP_PORT;
  private int rtmpPort = DEFAULT_RTMP_PORT;
  private String bindHost = DEFAULT_BIND_HOST;
  private String advertiseHost = DEFAULT_ADVERTISE_HOST;
  private String dataDir = DEFAULT_DATA_DIR;
  private int simCameras = DEFAULT_SIM_CAMERAS;
  private int hlsSegmentMs = DEFAULT_HLS_SEGMENT_MS;
  private int hlsWindow = DEFAULT_HLS_WINDOW;
  private int idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
  private int directoryRefreshMs = DEFAULT_DIRECTORY_REFRESH_MS;
  private String simCameraMode = DEFAULT_SIM_CAMERA_MODE;
  private int thumbnailWorkers = DEFAULT_THUMBNAIL_WORKERS;
  private int thumbnailQueue = DEFAULT_THUMBNAIL_QUEUE;
  private int thumbnailMaxAgeMs = DEFAULT_THUMBNAIL_MAX_AGE_MS;
  private int thumbnailColdWaitMs = DEFAULT_THUMBNAIL_COLD_WAIT_MS;
  private int simHttpPort = DEFAULT_SIM_HTTP_PORT;
  private int simRtmpPort = DEFAULT_SIM_RTMP_PORT;
  private RecorderOptions recorder = new RecorderOptions();
  private SnapshotOptions snapshots = new SnapshotOptions();
  private UploadOptions upload = new UploadOptions();

  public NodeOptions() {}

  /** Reads the keys of {@link #toJson()}; absent keys keep their defaults. */
  public NodeOptions(JsonObject json) {
    platformUrl = json.getString("platform_url", platformUrl);
    apiKey = json.getString("api_key", apiKey);
    productId = json.getString("product_id", productId);
    httpPort = json.getInteger("http_port", httpPort);
    rtmpPort = json.getInteger("rtmp_port", rtmpPort);
    bindHost = json.getString("bind_host", bindHost);
    advertiseHost = json.getString("advertise_host", advertiseHost);
    dataDir = json.getString("data_dir", dataDir);
    simCameras = json.getInteger("sim_cameras", simCameras);
    hlsSegmentMs = json.getInteger("hls_segment_ms", hlsSegmentMs);
    hlsWindow = json.getInteger("hls_window", hlsWindow);
    idleTimeoutMs = json.getInteger("idle_timeout_ms", idleTimeoutMs);
    directoryRefreshMs = json.getInteger("directory_refresh_ms", directoryRefreshMs);
    simCameraMode = json.getString("sim_camera_mode", simCameraMode);
    thumbnailWorkers = json.getInteger("thumbnail_workers", thumbnailWorkers);
    thumbnailQueue = json.getInteger("thumbnail_queue", thumbnailQueue);
    thumbnailMaxAgeMs = json.getInteger("thumbnail_max_age_ms", thumbnailMaxAgeMs);
    thumbnailColdWaitMs = json.getInteger("thumbnail_cold_wait_ms", thumbnailColdWaitMs);
    simHttpPort = json.getInteger("sim_http_port", simHttpPort);
    simRtmpPort = json.getInteger("sim_rtmp_port", simRtmpPort);
    recorder = new RecorderOptions(json);
    snapshots = new SnapshotOptions(json);
    upload = new UploadOptions(json);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("api_key", apiKey)
        .put("product_id", productId)
        .put("http_port", httpPort)
        .put("rtmp_port", rtmpPort)
        .put("bind_host", bindHost)
        .put("advertise_host", advertiseHost)
        .put("data_dir", dataDir)
        .put("sim_cameras", simCameras)
        .put("hls_segment_ms", hlsSegmentMs)
        .put("hls_window", hlsWindow)
        .put("idle_timeout_ms", idleTimeoutMs)
        .put("directory_refresh_ms", directoryRefreshMs)
        .put("sim_camera_mode", simCameraMode)
        .put("thumbnail_workers", thumbnailWorkers)
        .put("thumbnail_queue", thumbnailQueue)
        .put("thumbnail_max_age_ms", thumbnailMaxAgeMs)
        .put("thumbnail_cold_wait_ms", thumbnailColdWaitMs)
        .put("sim_http_port", simHttpPort)
        .put("sim_rtmp_port", simRtmpPort);
    if (platformUrl != null) {
      json.put("platform_url", platformUrl);
    }
    return json.mergeIn(recorder.toJson()).mergeIn(upload.toJson()).mergeIn(snapshots.toJson());
  }

  /** Checks every field; the exception names the option and the allowed values. */
  public NodeOptions validate() {
    checkPort(NodeOption.HTTP_PORT, httpPort, false);
    checkPort(NodeOption.RTMP_PORT, rtmpPort, false);
    checkPort(NodeOption.SIM_HTTP_PORT, simHttpPort, true);
    checkPort(NodeOption.SIM_RTMP_PORT, simRtmpPort, true);
    if (platformUrl != null && !platformUrl.matches("(?i)https?://[^\\s/]+.*")) {
      throw new ConfigException("--platform-url must be an http:// or https:// URL, got '" + platformUrl + "'");
    }
    requireText(NodeOption.API_KEY, apiKey);
    requireText(NodeOption.PRODUCT_ID, productId);
    requireText(NodeOption.BIND_HOST, bindHost);
    requireText(NodeOption.ADVERTISE_HOST, advertiseHost);
    requireText(NodeOption.DATA_DIR, dataDir);
    if (simCameras < 0 || simCameras > MAX_SIM_CAMERAS) {
      throw new ConfigException("--sim-cameras must be between 0 and " + MAX_SIM_CAMERAS + ", got " + simCameras);
    }
    if (!java.util.List.of("pattern", "loop", "none").contains(simCameraMode)) {
      throw new ConfigException("--sim-camera-mode must be pattern, loop or none, got '" + simCameraMode + "'");
    }
    checkRange(NodeOption.HLS_SEGMENT_MS, hlsSegmentMs, 500, 30_000);
    checkRange(NodeOption.HLS_WINDOW, hlsWindow, 3, 100);
    checkRange(NodeOption.IDLE_TIMEOUT_MS, idleTimeoutMs, 100, 120_000);
    checkRange(NodeOption.DIRECTORY_REFRESH_MS, directoryRefreshMs, 1_000, 86_400_000);
    checkRange(NodeOption.THUMBNAIL_WORKERS, thumbnailWorkers, 1, 64);
    checkRange(NodeOption.THUMBNAIL_QUEUE, thumbnailQueue, 0, 10_000);
    checkRange(NodeOption.THUMBNAIL_MAX_AGE_MS, thumbnailMaxAgeMs, 0, 3_600_000);
    checkRange(NodeOption.THUMBNAIL_COLD_WAIT_MS, thumbnailColdWaitMs, 100, 120_000);
    recorder.validate();
    snapshots.validate();
    return this;
  }

  private static void checkRange(NodeOption option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigException("--" + option.longName() + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  private static void checkPort(NodeOption option, int port, boolean zeroAllowed) {
    int min = zeroAllowed ? 0 : 1;
    if (port < min || port > 65535) {
      throw new ConfigException("--" + option.longName() + " must be a port between " + min + " and 65535, got " + port);
    }
  }

  private static void requireText(NodeOption option, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException("--" + option.longName() + " must not be empty");
    }
  }

  /** Snapshot and picture settings (issue 8). */
  public SnapshotOptions snapshots() {
    return snapshots;
  }

  /** Recording settings (issue 6). */
  public RecorderOptions recorder() {
    return recorder;
  }

  /** Upload settings (issue 7). */
  public UploadOptions upload() {
    return upload;
  }

  /** True when no platform URL is configured: the node starts the emulator in its own process. */
  public boolean embeddedPlatform() {
    return platformUrl == null;
  }

  public String platformUrl() {
    return platformUrl;
  }

  public NodeOptions setPlatformUrl(String platformUrl) {
    this.platformUrl = platformUrl;
    return this;
  }

  public String apiKey() {
    return apiKey;
  }

  public NodeOptions setApiKey(String apiKey) {
    this.apiKey = apiKey;
    return this;
  }

  public String productId() {
    return productId;
  }

  public NodeOptions setProductId(String productId) {
    this.productId = productId;
    return this;
  }

  public int httpPort() {
    return httpPort;
  }

  public NodeOptions setHttpPort(int httpPort) {
    this.httpPort = httpPort;
    return this;
  }

  public int rtmpPort() {
    return rtmpPort;
  }

  public NodeOptions setRtmpPort(int rtmpPort) {
    this.rtmpPort = rtmpPort;
    return this;
  }

  public String bindHost() {
    return bindHost;
  }

  public NodeOptions setBindHost(String bindHost) {
    this.bindHost = bindHost;
    return this;
  }

  public String advertiseHost() {
    return advertiseHost;
  }

  public NodeOptions setAdvertiseHost(String advertiseHost) {
    this.advertiseHost = advertiseHost;
    return this;
  }

  public Path dataDir() {
    return Path.of(dataDir);
  }

  public NodeOptions setDataDir(String dataDir) {
    this.dataDir = dataDir;
    return this;
  }

  public int simCameras() {
    return simCameras;
  }

  public NodeOptions setSimCameras(int simCameras) {
    this.simCameras = simCameras;
    return this;
  }

  public int simHttpPort() {
    return simHttpPort;
  }

  public NodeOptions setSimHttpPort(int simHttpPort) {
    this.simHttpPort = simHttpPort;
    return this;
  }

  public int simRtmpPort() {
    return simRtmpPort;
  }

  public NodeOptions setSimRtmpPort(int simRtmpPort) {
    this.simRtmpPort = simRtmpPort;
    return this;
  }

  public int hlsSegmentMs() {
    return hlsSegmentMs;
  }

  public NodeOptions setHlsSegmentMs(int hlsSegmentMs) {
    this.hlsSegmentMs = hlsSegmentMs;
    return this;
  }

  public int hlsWindow() {
    return hlsWindow;
  }

  public NodeOptions setHlsWindow(int hlsWindow) {
    this.hlsWindow = hlsWindow;
    return this;
  }

  public int idleTimeoutMs() {
    return idleTimeoutMs;
  }

  public NodeOptions setIdleTimeoutMs(int idleTimeoutMs) {
    this.idleTimeoutMs = idleTimeoutMs;
    return this;
  }

  public int directoryRefreshMs() {
    return directoryRefreshMs;
  }

  public NodeOptions setDirectoryRefreshMs(int directoryRefreshMs) {
    this.directoryRefreshMs = directoryRefreshMs;
    return this;
  }

  public String simCameraMode() {
    return simCameraMode;
  }

  public NodeOptions setSimCameraMode(String simCameraMode) {
    this.simCameraMode = simCameraMode;
    return this;
  }

  /** The thumbnail settings these options give; the rest keep their defaults. */
  public ThumbnailOptions thumbnailOptions() {
    return new ThumbnailOptions().setWorkers(thumbnailWorkers).setQueue(thumbnailQueue)
        .setMaxAgeMillis(thumbnailMaxAgeMs).setColdWaitMillis(thumbnailColdWaitMs);
  }

  public NodeOptions setThumbnailWorkers(int thumbnailWorkers) {
    this.thumbnailWorkers = thumbnailWorkers;
    return this;
  }

  public NodeOptions setThumbnailQueue(int thumbnailQueue) {
    this.thumbnailQueue = thumbnailQueue;
    return this;
  }

  public NodeOptions setThumbnailMaxAgeMs(int thumbnailMaxAgeMs) {
    this.thumbnailMaxAgeMs = thumbnailMaxAgeMs;
    return this;
  }

  public NodeOptions setThumbnailColdWaitMs(int thumbnailColdWaitMs) {
    this.thumbnailColdWaitMs = thumbnailColdWaitMs;
    return this;
  }
}
