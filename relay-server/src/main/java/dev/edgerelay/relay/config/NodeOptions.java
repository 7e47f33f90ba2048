package dev.edgerelay.relay.config;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.relay.channels.DirectoryOptions;
import dev.edgerelay.relay.cluster.ClusterOptions;
import dev.edgerelay.relay.hls.HlsOptions;
import dev.edgerelay.relay.http.HttpOptions;
import dev.edgerelay.relay.logging.LogOptions;
import dev.edgerelay.relay.hub.HubOptions;
import dev.edgerelay.relay.metrics.MetricsOptions;
import dev.edgerelay.relay.options.Check;
import dev.edgerelay.relay.options.ConfigException;
import dev.edgerelay.relay.platform.PlatformOptions;
import dev.edgerelay.relay.pull.PullOptions;
import dev.edgerelay.relay.record.RecorderOptions;
import dev.edgerelay.relay.snapshot.SnapshotOptions;
import dev.edgerelay.relay.stats.StatOptions;
import dev.edgerelay.relay.thumbnail.ThumbnailOptions;
import dev.edgerelay.relay.upload.UploadOptions;
import dev.edgerelay.sim.SimOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.function.Function;

/**
 * Every setting of the node, as one tree: the node's own (ports, hosts, data directory, platform URL) and
 * one options object per feature, reached as {@code options.hls().segmentMillis()}. Each default lives once,
 * as a {@code DEFAULT_*} constant of the class that owns the setting; {@link NodeOption} and
 * {@link NodeConfigLoader} read names, defaults and ranges from there.
 */
public final class NodeOptions {
  public static final int DEFAULT_HTTP_PORT = 8080;
  /** The RTMP port every player and camera tries first. */
  public static final int DEFAULT_RTMP_PORT = 1935;
  public static final int MIN_PORT = 1;
  public static final int MAX_PORT = 65535;
  public static final String DEFAULT_BIND_HOST = "0.0.0.0";
  public static final String DEFAULT_ADVERTISE_HOST = "127.0.0.1";
  public static final String DEFAULT_DATA_DIR = "data";
  /** The embedded emulator's key and product: the embedded default runs with no settings at all. */
  public static final String DEFAULT_API_KEY = SimOptions.DEFAULT_MASTER_KEY;
  public static final String DEFAULT_PRODUCT_ID = SimOptions.DEFAULT_PRODUCT_ID;
  /**
   * Event loops (the threads of all network I/O and media work), 0: one per core. Vert.x's own default is two
   * per core; each loop sleeps between arrivals, so more loops do not spread a node's work better, they only
   * wake more often: at 200 channels on two cores, four loops cost about a quarter more CPU than two
   * (docs/operations.md, "Event loops").
   */
  public static final int DEFAULT_EVENT_LOOPS = 0;
  public static final int MAX_EVENT_LOOPS = 256;
  /** Synthetic cameras of the embedded emulator: a few, so a first start has something to show. */
  public static final int DEFAULT_SIM_CAMERAS = 4;

  /** Null: no platform given, the node starts the emulator inside its own process. */
  private String platformUrl;
  /** A region id or offset ({@link ZoneId#of}); null: the system's zone. */
  private String timeZone;
  private int httpPort = DEFAULT_HTTP_PORT;
  private int rtmpPort = DEFAULT_RTMP_PORT;
  private String bindHost = DEFAULT_BIND_HOST;
  private String advertiseHost = DEFAULT_ADVERTISE_HOST;
  private String dataDir = DEFAULT_DATA_DIR;
  private int eventLoops = DEFAULT_EVENT_LOOPS;
  private HttpOptions http = new HttpOptions();
  private LogOptions log = new LogOptions();
  private PlatformOptions platform = new PlatformOptions().setApiKey(DEFAULT_API_KEY).setProductId(DEFAULT_PRODUCT_ID);
  private DirectoryOptions directory = new DirectoryOptions();
  private SimOptions sim = new SimOptions().setCameras(DEFAULT_SIM_CAMERAS);
  private HubOptions hub = new HubOptions();
  private PullOptions pull = new PullOptions();
  private HlsOptions hls = new HlsOptions();
  private ThumbnailOptions thumbnail = new ThumbnailOptions();
  private SnapshotOptions snapshot = new SnapshotOptions();
  private StatOptions stat = new StatOptions();
  private RecorderOptions recorder = new RecorderOptions();
  private UploadOptions upload = new UploadOptions();
  private ClusterOptions cluster = new ClusterOptions();
  private MetricsOptions metrics = new MetricsOptions();
  /** The protocol limits of the node's RTMP endpoints, read from the {@code rtmp} object by {@link RtmpSection}. */
  private RtmpConfig rtmp = RtmpConfig.defaults();

  public NodeOptions() {}

  /**
   * Reads the keys {@link #toJson()} writes: the node's own, and one object per feature read by that
   * feature's options class. Absent keys keep their defaults.
   */
  public NodeOptions(JsonObject json) {
    platformUrl = json.getString("platformUrl", platformUrl);
    timeZone = json.getString("timeZone", timeZone);
    httpPort = json.getInteger("httpPort", httpPort);
    rtmpPort = json.getInteger("rtmpPort", rtmpPort);
    bindHost = json.getString("bindHost", bindHost);
    advertiseHost = json.getString("advertiseHost", advertiseHost);
    dataDir = json.getString("dataDir", dataDir);
    eventLoops = json.getInteger("eventLoops", eventLoops);
    http = section(json, "http", http.toJson(), HttpOptions::new);
    log = section(json, "log", log.toJson(), LogOptions::new);
    platform = section(json, "platform", platform.toJson(), PlatformOptions::new);
    directory = section(json, "directory", directory.toJson(), DirectoryOptions::new);
    sim = section(json, "sim", sim.toJson(), SimOptions::new);
    hub = section(json, "hub", hub.toJson(), HubOptions::new);
    pull = section(json, "pull", pull.toJson(), PullOptions::new);
    hls = section(json, "hls", hls.toJson(), HlsOptions::new);
    thumbnail = section(json, "thumbnail", thumbnail.toJson(), ThumbnailOptions::new);
    snapshot = section(json, "snapshot", snapshot.toJson(), SnapshotOptions::new);
    stat = section(json, "stat", stat.toJson(), StatOptions::new);
    recorder = section(json, "recorder", recorder.toJson(), RecorderOptions::new);
    upload = section(json, "upload", upload.toJson(), UploadOptions::new);
    cluster = section(json, "cluster", cluster.toJson(), ClusterOptions::new);
    metrics = section(json, "metrics", metrics.toJson(), MetricsOptions::new);
    rtmp = section(json, "rtmp", RtmpSection.toJson(rtmp), RtmpSection::read);
  }

  /**
   * A feature's object read over the node's defaults for it (the node's api key, camera count); a value
   * its constructor refuses (an unknown camera mode) fails naming the section.
   */
  private static <T> T section(JsonObject json, String key, JsonObject defaults, Function<JsonObject, T> reader) {
    JsonObject given = json.getJsonObject(key);
    try {
      return reader.apply(given == null ? defaults : defaults.mergeIn(given));
    } catch (IllegalArgumentException e) {
      throw ConfigException.within(key, e);
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("httpPort", httpPort).put("rtmpPort", rtmpPort).put("bindHost", bindHost)
        .put("advertiseHost", advertiseHost).put("dataDir", dataDir).put("eventLoops", eventLoops)
        .put("platform", platform.toJson()).put("directory", directory.toJson()).put("sim", sim.toJson())
        .put("hub", hub.toJson()).put("pull", pull.toJson())
        .put("hls", hls.toJson()).put("thumbnail", thumbnail.toJson()).put("snapshot", snapshot.toJson())
        .put("recorder", recorder.toJson()).put("upload", upload.toJson());
    json.put("http", http.toJson()).put("log", log.toJson()).put("rtmp", RtmpSection.toJson(rtmp))
        .put("cluster", cluster.toJson()).put("stat", stat.toJson()).put("metrics", metrics.toJson());
    if (timeZone != null) {
      json.put("timeZone", timeZone);
    }
    if (platformUrl != null) {
      json.put("platformUrl", platformUrl);
    }
    return json;
  }

  /**
   * Checks every field, the features' through their own {@code validate()}.
   *
   * @throws ConfigException whose {@link ConfigException#field()} is the path of the setting at fault,
   *     e.g. {@code hls.segmentMillis}
   */
  public NodeOptions validate() {
    Check.port("httpPort", httpPort, MIN_PORT, MAX_PORT);
    Check.port("rtmpPort", rtmpPort, MIN_PORT, MAX_PORT);
    if (timeZone != null) {
      try {
        ZoneId.of(timeZone);
      } catch (DateTimeException e) {
        throw new ConfigException("timeZone", "'" + timeZone + "' is not a time zone: use a region id such as"
            + " Asia/Shanghai or Europe/Berlin, or UTC");
      }
    }
    if (platformUrl != null && !platformUrl.matches("(?i)https?://[^\\s/]+.*")) {
      throw new ConfigException("platformUrl", "must be an http:// or https:// URL, got '" + platformUrl + "'");
    }
    Check.text("bindHost", bindHost);
    Check.text("advertiseHost", advertiseHost);
    Check.text("dataDir", dataDir);
    Check.range("eventLoops", eventLoops, 0, MAX_EVENT_LOOPS);
    section("http", http::validate);
    section("log", log::validate);
    section("platform", () -> {
      Check.text("apiKey", platform.apiKey());
      Check.text("productId", platform.productId());
      platform.validate();
    });
    section("directory", directory::validate);
    section("sim", sim::validate);
    section("hub", hub::validate);
    section("pull", pull::validate);
    section("hls", hls::validate);
    section("thumbnail", thumbnail::validate);
    section("snapshot", snapshot::validate);
    section("stat", stat::validate);
    section("recorder", recorder::validate);
    section("upload", upload::validate);
    section("cluster", cluster::validate);
    section("metrics", () -> metrics.validate(platform.apiKey()));
    section("rtmp", () -> {
      rtmp.validate();
      Check.range("commandTimeoutMillis", rtmp.commandTimeout().toMillis(), RtmpSection.MIN_DEADLINE_MILLIS,
          RtmpSection.MAX_DEADLINE_MILLIS);
      Check.range("idleTimeoutMillis", rtmp.idleTimeout().toMillis(), RtmpSection.MIN_DEADLINE_MILLIS,
          RtmpSection.MAX_DEADLINE_MILLIS);
    });
    return this;
  }

  private static void section(String name, Runnable validate) {
    try {
      validate.run();
    } catch (IllegalArgumentException e) {
      throw ConfigException.within(name, e);
    }
  }

  /** True when no platform URL is configured: the node starts the emulator in its own process. */
  public boolean embeddedPlatform() {
    return platformUrl == null;
  }

  /** The zone the node reads and writes wall-clock times in: {@code --time-zone}, or the system's. */
  public ZoneId zone() {
    return timeZone == null ? ZoneId.systemDefault() : ZoneId.of(timeZone);
  }

  public NodeOptions setTimeZone(String timeZone) {
    this.timeZone = timeZone;
    return this;
  }

  public String platformUrl() {
    return platformUrl;
  }

  /** The platform's base URL; null starts the embedded emulator instead. */
  public NodeOptions setPlatformUrl(String platformUrl) {
    this.platformUrl = platformUrl;
    return this;
  }

  /** As set: 0 means one per core ({@link #eventLoopThreads()}). */
  public int eventLoops() {
    return eventLoops;
  }

  /** The event loops the node runs on: {@link #eventLoops()}, or one per core when that is 0. */
  public int eventLoopThreads() {
    return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
  }

  public NodeOptions setEventLoops(int eventLoops) {
    this.eventLoops = eventLoops;
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

  /** How the node reaches the platform: key, product, timeouts (the base URL is {@link #platformUrl()}). */
  public PlatformOptions platform() {
    return platform;
  }

  public NodeOptions setPlatform(PlatformOptions platform) {
    this.platform = platform;
    return this;
  }

  public DirectoryOptions directory() {
    return directory;
  }

  public NodeOptions setDirectory(DirectoryOptions directory) {
    this.directory = directory;
    return this;
  }

  /** The embedded emulator, when {@link #embeddedPlatform()}; its key and product are the platform's. */
  public SimOptions sim() {
    return sim;
  }

  public NodeOptions setSim(SimOptions sim) {
    this.sim = sim;
    return this;
  }

  public HubOptions hub() {
    return hub;
  }

  public NodeOptions setHub(HubOptions hub) {
    this.hub = hub;
    return this;
  }

  public PullOptions pull() {
    return pull;
  }

  public NodeOptions setPull(PullOptions pull) {
    this.pull = pull;
    return this;
  }

  /** Bounds on the request line, headers and JSON bodies the HTTP server accepts. */
  public HttpOptions http() {
    return http;
  }

  public NodeOptions setHttp(HttpOptions http) {
    this.http = http;
    return this;
  }

  /** The node's log: levels, format, the file under the data directory, FFmpeg's share. */
  public LogOptions log() {
    return log;
  }

  public NodeOptions setLog(LogOptions log) {
    this.log = log;
    return this;
  }

  public HlsOptions hls() {
    return hls;
  }

  public NodeOptions setHls(HlsOptions hls) {
    this.hls = hls;
    return this;
  }

  public ThumbnailOptions thumbnail() {
    return thumbnail;
  }

  public NodeOptions setThumbnail(ThumbnailOptions thumbnail) {
    this.thumbnail = thumbnail;
    return this;
  }

  /** The real-time lists (spec 13): viewers tracked, page keys. */
  public StatOptions stat() {
    return stat;
  }

  public NodeOptions setStat(StatOptions stat) {
    this.stat = stat;
    return this;
  }

  public SnapshotOptions snapshot() {
    return snapshot;
  }

  public NodeOptions setSnapshot(SnapshotOptions snapshot) {
    this.snapshot = snapshot;
    return this;
  }

  public RecorderOptions recorder() {
    return recorder;
  }

  public NodeOptions setRecorder(RecorderOptions recorder) {
    this.recorder = recorder;
    return this;
  }

  public UploadOptions upload() {
    return upload;
  }

  public NodeOptions setUpload(UploadOptions upload) {
    this.upload = upload;
    return this;
  }

  /** Joining a site of several nodes, and this node's name. */
  /** {@code GET /edge/metrics}: the scrape key and the bounds of the per-channel series. */
  public MetricsOptions metrics() {
    return metrics;
  }

  public NodeOptions setMetrics(MetricsOptions metrics) {
    this.metrics = metrics;
    return this;
  }

  public ClusterOptions cluster() {
    return cluster;
  }

  public NodeOptions setCluster(ClusterOptions cluster) {
    this.cluster = cluster;
    return this;
  }

  public RtmpConfig rtmp() {
    return rtmp;
  }

  public NodeOptions setRtmp(RtmpConfig rtmp) {
    this.rtmp = rtmp;
    return this;
  }
}
