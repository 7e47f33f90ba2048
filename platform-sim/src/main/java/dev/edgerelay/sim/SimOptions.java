package dev.edgerelay.sim;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Options of the platform emulator, in the Vert.x options style: {@code DEFAULT_*} constants, a JSON
 * constructor, {@link #toJson()}, fluent setters and one {@link #validate()} that names the field at fault.
 */
public final class SimOptions {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 18080;
  public static final int DEFAULT_RTMP_PORT = 19350;
  /** Port 0 asks the system for any free port (tests, several emulators on one host). */
  public static final int MIN_PORT = 0;
  public static final int MAX_PORT = 65535;
  public static final String DEFAULT_MASTER_KEY = "sim-master-key";
  public static final String DEFAULT_PRODUCT_ID = "100001";
  public static final int DEFAULT_CAMERAS = 0;
  /** Upper bound of seeded cameras: each one costs a few recordings and, later, an encoder. */
  public static final int MAX_CAMERAS = 1000;
  /** Play tokens live one hour unless play_address asks for another {@code timeout}. */
  public static final long DEFAULT_TOKEN_LIFETIME_MILLIS = 3_600_000L;
  /** Each step of a simulated command (1 -> 2 -> 4) takes this long (spec 3.1). */
  public static final long DEFAULT_COMMAND_STEP_MILLIS = 100L;
  /** The state file is rewritten this often when something changed. */
  public static final long DEFAULT_STATE_SAVE_INTERVAL_MILLIS = 10_000L;
  /** Total bytes the object store (spec 15) may hold, so a runaway uploader cannot exhaust the heap. */
  public static final long DEFAULT_OBJECT_STORE_MAX_BYTES = 256L * 1024 * 1024;
  /** Pattern cameras each own an encoder thread (about a tenth of a core at 640x360); loop mode scales further. */
  public static final int MAX_PATTERN_CAMERAS = 32;
  public static final CameraMode DEFAULT_CAMERA_MODE = CameraMode.PATTERN;
  public static final int DEFAULT_CAMERA_WIDTH = 640;
  public static final int DEFAULT_CAMERA_HEIGHT = 360;
  public static final int DEFAULT_CAMERA_FPS = 25;
  /** Seconds between keyframes: 2 s, what OneNET cameras typically send and HLS segmenters expect. */
  public static final int DEFAULT_CAMERA_GOP_SECONDS = 2;
  public static final int DEFAULT_CAMERA_BITRATE = 1_000_000;
  /** Length of the clip loop mode encodes once and every loop camera replays. */
  public static final int DEFAULT_CAMERA_CLIP_SECONDS = 10;
  /** Largest camera picture: 1920x1080 (what the bench needs is 1280x720). */
  public static final int MAX_CAMERA_WIDTH = 1920;
  public static final int MAX_CAMERA_HEIGHT = 1080;
  /** Longest loop clip; its units stay in memory for the emulator's life. */
  public static final int MAX_CAMERA_CLIP_SECONDS = 60;
  /** The platform answers in Beijing time; the emulator's default clock does the same. */
  /** Players of the origin start from the cached GOP; {@link OriginJoin#NGINX} joins as nginx-rtmp does. */
  public static final OriginJoin DEFAULT_ORIGIN_JOIN = OriginJoin.KEYFRAME;
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  private String host = DEFAULT_HOST;
  private int httpPort = DEFAULT_HTTP_PORT;
  private int rtmpPort = DEFAULT_RTMP_PORT;
  private String rtmpAdvertise;
  private String masterKey = DEFAULT_MASTER_KEY;
  private String productId = DEFAULT_PRODUCT_ID;
  private String stateFile;
  private int cameras = DEFAULT_CAMERAS;
  private long tokenLifetimeMillis = DEFAULT_TOKEN_LIFETIME_MILLIS;
  private long commandStepMillis = DEFAULT_COMMAND_STEP_MILLIS;
  private long stateSaveIntervalMillis = DEFAULT_STATE_SAVE_INTERVAL_MILLIS;
  private long objectStoreMaxBytes = DEFAULT_OBJECT_STORE_MAX_BYTES;
  private CameraMode cameraMode = DEFAULT_CAMERA_MODE;
  private String cameraFile;
  private int cameraWidth = DEFAULT_CAMERA_WIDTH;
  private int cameraHeight = DEFAULT_CAMERA_HEIGHT;
  private int cameraFps = DEFAULT_CAMERA_FPS;
  private int cameraGopSeconds = DEFAULT_CAMERA_GOP_SECONDS;
  private int cameraBitrate = DEFAULT_CAMERA_BITRATE;
  private int cameraClipSeconds = DEFAULT_CAMERA_CLIP_SECONDS;
  private OriginJoin originJoin = DEFAULT_ORIGIN_JOIN;
  private Clock clock = Clock.system(DEFAULT_ZONE);

  public SimOptions() {}

  public SimOptions(SimOptions other) {
    this(other.toJson());
    this.clock = other.clock;
  }

  /** Reads the JSON form written by {@link #toJson()}; absent fields keep their defaults. */
  public SimOptions(JsonObject json) {
    host = json.getString("host", DEFAULT_HOST);
    httpPort = json.getInteger("httpPort", DEFAULT_HTTP_PORT);
    rtmpPort = json.getInteger("rtmpPort", DEFAULT_RTMP_PORT);
    rtmpAdvertise = json.getString("rtmpAdvertise");
    masterKey = json.getString("masterKey", DEFAULT_MASTER_KEY);
    productId = json.getString("productId", DEFAULT_PRODUCT_ID);
    stateFile = json.getString("stateFile");
    cameras = json.getInteger("cameras", DEFAULT_CAMERAS);
    tokenLifetimeMillis = json.getLong("tokenLifetimeMillis", DEFAULT_TOKEN_LIFETIME_MILLIS);
    commandStepMillis = json.getLong("commandStepMillis", DEFAULT_COMMAND_STEP_MILLIS);
    stateSaveIntervalMillis = json.getLong("stateSaveIntervalMillis", DEFAULT_STATE_SAVE_INTERVAL_MILLIS);
    objectStoreMaxBytes = json.getLong("objectStoreMaxBytes", DEFAULT_OBJECT_STORE_MAX_BYTES);
    cameraMode = CameraMode.parse(json.getString("cameraMode", DEFAULT_CAMERA_MODE.wireName()));
    cameraFile = json.getString("cameraFile");
    cameraWidth = json.getInteger("cameraWidth", DEFAULT_CAMERA_WIDTH);
    cameraHeight = json.getInteger("cameraHeight", DEFAULT_CAMERA_HEIGHT);
    cameraFps = json.getInteger("cameraFps", DEFAULT_CAMERA_FPS);
    cameraGopSeconds = json.getInteger("cameraGopSeconds", DEFAULT_CAMERA_GOP_SECONDS);
    cameraBitrate = json.getInteger("cameraBitrate", DEFAULT_CAMERA_BITRATE);
    cameraClipSeconds = json.getInteger("cameraClipSeconds", DEFAULT_CAMERA_CLIP_SECONDS);
    originJoin = OriginJoin.parse(json.getString("originJoin", DEFAULT_ORIGIN_JOIN.wireName()));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("host", host)
        .put("httpPort", httpPort)
        .put("rtmpPort", rtmpPort)
        .put("masterKey", masterKey)
        .put("productId", productId)
        .put("cameras", cameras)
        .put("tokenLifetimeMillis", tokenLifetimeMillis)
        .put("commandStepMillis", commandStepMillis)
        .put("stateSaveIntervalMillis", stateSaveIntervalMillis)
        .put("objectStoreMaxBytes", objectStoreMaxBytes)
        .put("cameraMode", cameraMode.wireName())
        .put("cameraWidth", cameraWidth)
        .put("cameraHeight", cameraHeight)
        .put("cameraFps", cameraFps)
        .put("cameraGopSeconds", cameraGopSeconds)
        .put("cameraBitrate", cameraBitrate)
        .put("cameraClipSeconds", cameraClipSeconds)
        .put("originJoin", originJoin.wireName());
    if (cameraFile != null) {
      json.put("cameraFile", cameraFile);
    }
    if (rtmpAdvertise != null) {
      json.put("rtmpAdvertise", rtmpAdvertise);
    }
    if (stateFile != null) {
      json.put("stateFile", stateFile);
    }
    return json;
  }

  /**
   * Checks every field.
   *
   * @throws IllegalArgumentException naming the field and its allowed range
   */
  public SimOptions validate() {
    require(host != null && !host.isBlank(), "host must not be blank");
    require(httpPort >= MIN_PORT && httpPort <= MAX_PORT, "httpPort must be " + MIN_PORT + ".." + MAX_PORT
        + " (0 = ephemeral), got " + httpPort);
    require(rtmpPort >= MIN_PORT && rtmpPort <= MAX_PORT, "rtmpPort must be " + MIN_PORT + ".." + MAX_PORT
        + ", got " + rtmpPort);
    require(rtmpAdvertise == null || rtmpAdvertise.matches("[^\\s:/]+:\\d{1,5}"),
        "rtmpAdvertise must be host:port, got " + rtmpAdvertise);
    require(masterKey != null && !masterKey.isBlank(), "masterKey must not be blank");
    require(productId != null && productId.matches("\\d{1,18}"), "productId must be 1..18 digits, got " + productId);
    require(cameras >= 0 && cameras <= MAX_CAMERAS, "cameras must be 0.." + MAX_CAMERAS + ", got " + cameras);
    require(tokenLifetimeMillis > 0, "tokenLifetimeMillis must be > 0, got " + tokenLifetimeMillis);
    require(commandStepMillis >= 1, "commandStepMillis must be >= 1, got " + commandStepMillis);
    require(stateSaveIntervalMillis >= 100, "stateSaveIntervalMillis must be >= 100, got " + stateSaveIntervalMillis);
    require(objectStoreMaxBytes >= 0, "objectStoreMaxBytes must be >= 0, got " + objectStoreMaxBytes);
    require(clock != null, "clock must not be null");
    require(originJoin != null, "originJoin must be keyframe or nginx");
    require(cameraMode != null, "cameraMode must be pattern, loop or file");
    require(cameraMode != CameraMode.FILE || cameraFile != null && !cameraFile.isBlank(),
        "cameraMode file needs cameraFile");
    require(cameraMode != CameraMode.PATTERN || cameras <= MAX_PATTERN_CAMERAS, "cameraMode pattern allows at most "
        + MAX_PATTERN_CAMERAS + " cameras (one encoder thread each), got " + cameras + ": use loop mode to scale");
    require(cameraWidth >= 16 && cameraWidth <= MAX_CAMERA_WIDTH && cameraWidth % 2 == 0,
        "cameraWidth must be even, 16.." + MAX_CAMERA_WIDTH + ", got " + cameraWidth);
    require(cameraHeight >= 16 && cameraHeight <= MAX_CAMERA_HEIGHT && cameraHeight % 2 == 0,
        "cameraHeight must be even, 16.." + MAX_CAMERA_HEIGHT + ", got " + cameraHeight);
    require(cameraFps >= 1 && cameraFps <= 60, "cameraFps must be 1..60, got " + cameraFps);
    require(cameraGopSeconds >= 1 && cameraGopSeconds <= 10, "cameraGopSeconds must be 1..10, got " + cameraGopSeconds);
    require(cameraBitrate >= 50_000 && cameraBitrate <= 20_000_000,
        "cameraBitrate must be 50000..20000000 bit/s, got " + cameraBitrate);
    require(cameraClipSeconds >= cameraGopSeconds && cameraClipSeconds <= MAX_CAMERA_CLIP_SECONDS,
        "cameraClipSeconds must be cameraGopSeconds.." + MAX_CAMERA_CLIP_SECONDS + ", got " + cameraClipSeconds);
    return this;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  public String host() { return host; }
  public int httpPort() { return httpPort; }
  public int rtmpPort() { return rtmpPort; }
  public String rtmpAdvertise() { return rtmpAdvertise; }
  public String masterKey() { return masterKey; }
  public String productId() { return productId; }
  public String stateFile() { return stateFile; }
  public int cameras() { return cameras; }
  public long tokenLifetimeMillis() { return tokenLifetimeMillis; }
  public long commandStepMillis() { return commandStepMillis; }
  public long stateSaveIntervalMillis() { return stateSaveIntervalMillis; }
  public long objectStoreMaxBytes() { return objectStoreMaxBytes; }
  public Clock clock() { return clock; }
  public CameraMode cameraMode() { return cameraMode; }
  public String cameraFile() { return cameraFile; }
  public int cameraWidth() { return cameraWidth; }
  public int cameraHeight() { return cameraHeight; }
  public int cameraFps() { return cameraFps; }
  public int cameraGopSeconds() { return cameraGopSeconds; }
  public int cameraBitrate() { return cameraBitrate; }
  public int cameraClipSeconds() { return cameraClipSeconds; }
  public OriginJoin originJoin() { return originJoin; }

  public SimOptions setHost(String host) { this.host = host; return this; }
  public SimOptions setHttpPort(int httpPort) { this.httpPort = httpPort; return this; }
  public SimOptions setRtmpPort(int rtmpPort) { this.rtmpPort = rtmpPort; return this; }
  /** Address given to players in play_address answers; {@code null} means {@code host:rtmpPort}. */
  public SimOptions setRtmpAdvertise(String rtmpAdvertise) { this.rtmpAdvertise = rtmpAdvertise; return this; }
  public SimOptions setMasterKey(String masterKey) { this.masterKey = masterKey; return this; }
  public SimOptions setProductId(String productId) { this.productId = productId; return this; }
  /** JSON snapshot kept across restarts; {@code null} keeps the state in memory only. */
  public SimOptions setStateFile(String stateFile) { this.stateFile = stateFile; return this; }
  public SimOptions setCameras(int cameras) { this.cameras = cameras; return this; }
  public SimOptions setTokenLifetimeMillis(long millis) { this.tokenLifetimeMillis = millis; return this; }
  public SimOptions setCommandStepMillis(long millis) { this.commandStepMillis = millis; return this; }
  public SimOptions setStateSaveIntervalMillis(long millis) { this.stateSaveIntervalMillis = millis; return this; }
  public SimOptions setObjectStoreMaxBytes(long bytes) { this.objectStoreMaxBytes = bytes; return this; }
  public SimOptions setCameraMode(CameraMode mode) { this.cameraMode = mode; return this; }
  /** The media file {@code file} mode loops (H.264 video, AAC or no audio). */
  public SimOptions setCameraFile(String file) { this.cameraFile = file; return this; }
  public SimOptions setCameraSize(int width, int height) { cameraWidth = width; cameraHeight = height; return this; }
  public SimOptions setCameraFps(int fps) { this.cameraFps = fps; return this; }
  public SimOptions setCameraGopSeconds(int seconds) { this.cameraGopSeconds = seconds; return this; }
  /** Video bit rate of pattern and loop cameras, bit/s (file mode keeps the file's). */
  public SimOptions setCameraBitrate(int bitsPerSecond) { this.cameraBitrate = bitsPerSecond; return this; }
  public SimOptions setCameraClipSeconds(int seconds) { this.cameraClipSeconds = seconds; return this; }
  /** How the origin starts a new player: at a keyframe from its GOP cache, or audio first as nginx-rtmp. */
  public SimOptions setOriginJoin(OriginJoin join) { this.originJoin = join; return this; }
  /** Time source for token expiry, cmd_resp retention and page keys; tests step it. Not part of JSON. */
  public SimOptions setClock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

  @Override
  public String toString() {
    JsonObject json = toJson();
    json.put("masterKey", "***");
    return "SimOptions" + json.encode();
  }
}
