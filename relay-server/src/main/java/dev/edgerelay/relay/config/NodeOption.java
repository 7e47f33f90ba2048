package dev.edgerelay.relay.config;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.recorder.outbox.OutboxOptions;
import dev.edgerelay.relay.channels.DirectoryOptions;
import dev.edgerelay.relay.cluster.ClusterOptions;
import dev.edgerelay.relay.hls.HlsOptions;
import dev.edgerelay.relay.http.HttpOptions;
import dev.edgerelay.relay.logging.LogOptions;
import dev.edgerelay.relay.logging.NodeLogging;
import dev.edgerelay.relay.hub.HubOptions;
import dev.edgerelay.relay.metrics.MetricsOptions;
import dev.edgerelay.relay.record.RecorderOptions;
import dev.edgerelay.relay.snapshot.SnapshotOptions;
import dev.edgerelay.relay.stats.StatOptions;
import dev.edgerelay.relay.thumbnail.ThumbnailOptions;
import dev.edgerelay.relay.upload.UploadOptions;
import dev.edgerelay.sim.SimOptions;
import java.util.Locale;

/**
 * One setting of the node, known by the same name everywhere it can be given: the command line
 * ({@code --http-port}), the config file ({@code "http_port"}), the environment ({@code EDGE_HTTP_PORT})
 * and system properties ({@code edge.http-port}). It lands at {@link #path()} in the JSON of
 * {@link NodeOptions}; its default and range are the constants of the options class that owns it.
 * One table drives parsing and {@code --help}.
 */
public enum NodeOption {
  CONFIG("config", null, "FILE", "JSON config file; its keys are the long option names with '_' for '-'",
      Value.text(null)),
  PLATFORM_URL("platform-url", "platformUrl", "URL",
      "base URL of the OneNET video API; absent: start the emulator inside this process (embedded default)",
      Value.text(null)),
  API_KEY("api-key", "platform.apiKey", "KEY", "the platform master key (header api-key); the edge API accepts it too",
      Value.text(NodeOptions.DEFAULT_API_KEY)),
  PRODUCT_ID("product-id", "platform.productId", "ID", "the platform product this edge serves",
      Value.text(NodeOptions.DEFAULT_PRODUCT_ID)),
  HTTP_PORT("http-port", "httpPort", "PORT", "edge HTTP API, HLS and web UI port",
      Value.range(NodeOptions.DEFAULT_HTTP_PORT, NodeOptions.MIN_PORT, NodeOptions.MAX_PORT)),
  RTMP_PORT("rtmp-port", "rtmpPort", "PORT", "RTMP port for LAN players and publishing cameras",
      Value.range(NodeOptions.DEFAULT_RTMP_PORT, NodeOptions.MIN_PORT, NodeOptions.MAX_PORT)),
  BIND_HOST("bind-host", "bindHost", "HOST", "address the HTTP and RTMP servers listen on",
      Value.text(NodeOptions.DEFAULT_BIND_HOST)),
  ADVERTISE_HOST("advertise-host", "advertiseHost", "HOST",
      "host name or address this node puts in play_address answers for LAN clients",
      Value.text(NodeOptions.DEFAULT_ADVERTISE_HOST)),
  DATA_DIR("data-dir", "dataDir", "DIR", "recordings, index and snapshots live here",
      Value.text(NodeOptions.DEFAULT_DATA_DIR)),
  EVENT_LOOPS("event-loops", "eventLoops", "N",
      "threads of the node's network I/O and media work (Vert.x event loops); 0: one per core",
      Value.range(NodeOptions.DEFAULT_EVENT_LOOPS, 0, NodeOptions.MAX_EVENT_LOOPS)),
  TIME_ZONE("time-zone", "timeZone", "ZONE",
      "zone of the 12/14-digit times in rvod names, export ranges and VOD answers, and of the embedded emulator's"
          + " clock (its cameras' burnt-in time); absent: the system's zone",
      Value.text(null)),
  LOG_LEVEL("log-level", "log.level", "LEVEL", "level of the node's log: trace, debug, info, warn, error or off",
      Value.text(LogOptions.DEFAULT_LEVEL)),
  LOG_LEVELS("log-levels", "log.levels", "LIST", "levels of single loggers over --log-level, logger=level[,...], "
      + "e.g. io.netty=warn,dev.edgerelay.relay.pull=debug", Value.list(LogOptions.DEFAULT_LEVELS)),
  LOG_FILE("log-file", "log.file", "BOOL", "also log to <data-dir>/" + NodeLogging.FILE + ", rolled over by size",
      Value.bool(LogOptions.DEFAULT_FILE)),
  LOG_FILE_MAX_MB("log-file-max-mb", "log.fileMaxMb", "MB", "size at which the log file rolls over",
      Value.range(LogOptions.DEFAULT_FILE_MAX_MB, LogOptions.MIN_FILE_MAX_MB, LogOptions.MAX_FILE_MAX_MB)),
  LOG_FILE_KEEP("log-file-keep", "log.fileKeep", "N", "rolled-over log files kept (edge-relay.1.log and up)",
      Value.range(LogOptions.DEFAULT_FILE_KEEP, LogOptions.MIN_FILE_KEEP, LogOptions.MAX_FILE_KEEP)),
  LOG_JSON("log-json", "log.json", "BOOL", "log JSON objects, one a line, on the console and in the file",
      Value.bool(LogOptions.DEFAULT_JSON)),
  FFMPEG_LOG_LEVEL("ffmpeg-log-level", "log.ffmpegLevel", "LEVEL", "FFmpeg's own level, its lines going to the "
      + "logger ffmpeg: quiet, panic, fatal, error, warning, info, verbose, debug or trace",
      Value.text(LogOptions.DEFAULT_FFMPEG_LEVEL)),
  HTTP_MAX_LINE_BYTES("http-max-line-bytes", "http.maxInitialLineBytes", "B",
      "longest HTTP request line (method, URI and query) accepted; longer ones answer 414",
      Value.range(HttpOptions.DEFAULT_MAX_INITIAL_LINE_BYTES, HttpOptions.MIN_LIMIT_BYTES,
          HttpOptions.MAX_LINE_OR_HEADER_BYTES)),
  HTTP_MAX_HEADER_BYTES("http-max-header-bytes", "http.maxHeaderBytes", "B",
      "most bytes of HTTP request headers accepted; more answer 431",
      Value.range(HttpOptions.DEFAULT_MAX_HEADER_BYTES, HttpOptions.MIN_LIMIT_BYTES,
          HttpOptions.MAX_LINE_OR_HEADER_BYTES)),
  HTTP_MAX_JSON_BODY_BYTES("http-max-json-body-bytes", "http.maxJsonBodyBytes", "B",
      "largest JSON body of an API route (delete_video, rename_video); larger ones answer 413",
      Value.range(HttpOptions.DEFAULT_MAX_JSON_BODY_BYTES, HttpOptions.MIN_LIMIT_BYTES, HttpOptions.MAX_JSON_BODY_BYTES)),
  RTMP_MAX_CONNECTION_BUFFERED_BYTES("rtmp-max-connection-buffered-bytes", "rtmp.maxConnectionBufferedBytes", "B",
      "memory one RTMP connection's unfinished messages may hold (at least the largest message, 8 MiB); past it "
          + "the connection closes", Value.range(RtmpConfig.DEFAULT_MAX_CONNECTION_BUFFERED_BYTES,
          RtmpConfig.DEFAULT_MAX_MESSAGE_SIZE, Integer.MAX_VALUE)),
  RTMP_MAX_SERVER_BUFFERED_BYTES("rtmp-max-server-buffered-bytes", "rtmp.maxServerBufferedBytes", "B",
      "memory the unfinished messages of all RTMP connections together may hold; the connection that passes it closes",
      Value.range(RtmpConfig.DEFAULT_MAX_SERVER_BUFFERED_BYTES, RtmpConfig.DEFAULT_MAX_MESSAGE_SIZE, Integer.MAX_VALUE)),
  RTMP_COMMAND_TIMEOUT_MS("rtmp-command-timeout-ms", "rtmp.commandTimeoutMillis", "MS",
      "an RTMP connection that sends no command this long after its handshake is closed",
      Value.range(RtmpConfig.DEFAULT_COMMAND_TIMEOUT.toMillis(), RtmpSection.MIN_DEADLINE_MILLIS,
          RtmpSection.MAX_DEADLINE_MILLIS)),
  RTMP_IDLE_TIMEOUT_MS("rtmp-idle-timeout-ms", "rtmp.idleTimeoutMillis", "MS",
      "an RTMP connection that completes no message this long is closed (a player is exempt once it plays)",
      Value.range(RtmpConfig.DEFAULT_IDLE_TIMEOUT.toMillis(), RtmpSection.MIN_DEADLINE_MILLIS,
          RtmpSection.MAX_DEADLINE_MILLIS)),
  HLS_SEGMENT_MS("hls-segment-ms", "hls.segmentMillis", "MS", "live HLS target segment duration",
      Value.range(HlsOptions.DEFAULT_SEGMENT_MILLIS, HlsOptions.MIN_SEGMENT_MILLIS, HlsOptions.MAX_SEGMENT_MILLIS)),
  HLS_WINDOW("hls-window", "hls.window", "N", "segments in the live playlist",
      Value.range(HlsOptions.DEFAULT_WINDOW, HlsOptions.MIN_WINDOW, HlsOptions.MAX_WINDOW)),
  HLS_ENDED_GRACE_MS("hls-ended-grace-ms", "hls.endedGraceMillis", "MS",
      "an ended live stream's last playlist (with EXT-X-ENDLIST) and segments stay served this long after their duration",
      Value.range(HlsOptions.DEFAULT_ENDED_GRACE_MILLIS, 0, HlsOptions.MAX_ENDED_GRACE_MILLIS)),
  HLS_SPOOL_DIR("hls-spool-dir", "hls.spoolDir", "DIR",
      "live HLS segments are written here and sent from here (emptied at start); absent: <data-dir>/"
          + HlsOptions.SPOOL_SUBDIRECTORY + "; on the recordings' file system a recorded channel's segments are links"
          + " to its recording files, elsewhere (a tmpfs) they are copies",
      Value.text(null)),
  IDLE_TIMEOUT_MS("idle-timeout-ms", "hub.idleTimeoutMillis", "MS",
      "a channel nobody watches stops after this long (preload's idle_time overrides it)",
      Value.range(HubOptions.DEFAULT_IDLE_TIMEOUT_MILLIS, HubOptions.MIN_IDLE_TIMEOUT_MILLIS,
          HubOptions.MAX_IDLE_TIMEOUT_MILLIS)),
  DIRECTORY_REFRESH_MS("directory-refresh-ms", "directory.refreshMillis", "MS",
      "how often the devices and channels are re-read from the platform",
      Value.range(DirectoryOptions.DEFAULT_REFRESH_MILLIS, DirectoryOptions.MIN_REFRESH_MILLIS,
          DirectoryOptions.MAX_REFRESH_MILLIS)),
  THUMBNAIL_WORKERS("thumbnail-workers", "thumbnail.workers", "N", "threads decoding live thumbnails",
      Value.positive(ThumbnailOptions.DEFAULT_WORKERS, ThumbnailOptions.MAX_WORKERS)),
  THUMBNAIL_QUEUE("thumbnail-queue", "thumbnail.queue", "N",
      "thumbnail requests that may wait for a worker; past it they are refused (errno 134)",
      Value.upTo(ThumbnailOptions.DEFAULT_QUEUE, ThumbnailOptions.MAX_QUEUE)),
  THUMBNAIL_MAX_AGE_MS("thumbnail-max-age-ms", "thumbnail.maxAgeMillis", "MS",
      "a thumbnail younger than this is served again",
      Value.upTo(ThumbnailOptions.DEFAULT_MAX_AGE_MILLIS, ThumbnailOptions.MAX_MAX_AGE_MILLIS)),
  THUMBNAIL_COLD_WAIT_MS("thumbnail-cold-wait-ms", "thumbnail.coldWaitMillis", "MS",
      "how long a thumbnail of a stopped channel waits for its first keyframe",
      Value.range(ThumbnailOptions.DEFAULT_COLD_WAIT_MILLIS, ThumbnailOptions.MIN_COLD_WAIT_MILLIS,
          ThumbnailOptions.MAX_COLD_WAIT_MILLIS)),
  SIM_CAMERAS("sim-cameras", "sim.cameras", "N", "synthetic cameras of the embedded emulator (embedded default only)",
      Value.upTo(NodeOptions.DEFAULT_SIM_CAMERAS, SimOptions.MAX_CAMERAS)),
  SIM_CAMERA_MODE("sim-camera-mode", "sim.cameraMode", "MODE",
      "how the embedded emulator's cameras make video: pattern (live-encoded, clock drawn), loop (near zero CPU), none",
      Value.text(SimOptions.DEFAULT_CAMERA_MODE.wireName())),
  SIM_ORIGIN_JOIN("sim-origin-join", "sim.originJoin", "JOIN",
      "how the embedded emulator's RTMP origin starts a player: keyframe (from its cached GOP) or nginx (audio at once,"
          + " video from the next keyframe, as nginx-rtmp)",
      Value.text(SimOptions.DEFAULT_ORIGIN_JOIN.wireName())),
  SIM_HTTP_PORT("sim-http-port", "sim.httpPort", "PORT", "HTTP port of the embedded emulator (0 = any free port)",
      Value.range(SimOptions.DEFAULT_HTTP_PORT, SimOptions.MIN_PORT, SimOptions.MAX_PORT)),
  SIM_RTMP_PORT("sim-rtmp-port", "sim.rtmpPort", "PORT", "RTMP origin port of the embedded emulator (0 = any free port)",
      Value.range(SimOptions.DEFAULT_RTMP_PORT, SimOptions.MIN_PORT, SimOptions.MAX_PORT)),
  RECORD_CHANNELS("record-channels", "recorder.channels", "LIST", "channels that always record, device_id-channel_id[,...]",
      Value.list(RecorderOptions.DEFAULT_CHANNELS)),
  RECORD_SEGMENT_MS("record-segment-ms", "recorder.segmentMs", "MS", "recorded segment target duration",
      Value.range(RecorderOptions.DEFAULT_SEGMENT_MS, RecorderOptions.MIN_SEGMENT_MS, RecorderOptions.MAX_SEGMENT_MS)),
  RECORD_VIDEO_GAP_MS("record-video-gap-ms", "recorder.videoGapMs", "MS",
      "a recording gap longer than this starts a new video",
      Value.range(RecorderOptions.DEFAULT_VIDEO_GAP_MS, RecorderOptions.MIN_VIDEO_GAP_MS,
          RecorderOptions.MAX_VIDEO_GAP_MS)),
  RECORD_QUOTA_MB("record-quota-mb", "recorder.quotaMb", "MB", "disk quota of the recordings, 0 = none",
      Value.count(RecorderOptions.DEFAULT_QUOTA_MB)),
  RECORD_MIN_FREE_MB("record-min-free-mb", "recorder.minFreeMb", "MB", "free space kept on the recordings volume",
      Value.count(RecorderOptions.DEFAULT_MIN_FREE_MB)),
  RECORD_MAX_AGE_HOURS("record-max-age-hours", "recorder.maxAgeHours", "H",
      "recordings older than this are deleted, 0 = never",
      Value.upTo(RecorderOptions.DEFAULT_MAX_AGE_HOURS, RecorderOptions.MAX_MAX_AGE_HOURS)),
  RECORD_CHANNEL_MAX_AGE("record-channel-max-age", "recorder.channelMaxAge", "LIST",
      "per-channel age limits, device_id-channel_id=hours[,...]", Value.list(RecorderOptions.DEFAULT_CHANNEL_MAX_AGE)),
  RECORD_INFLIGHT_KB("record-inflight-kb", "recorder.inflightKb", "KB",
      "bytes one channel may queue for the disk; at half, the segment is closed early",
      Value.range(RecorderOptions.DEFAULT_INFLIGHT_KB, RecorderOptions.MIN_INFLIGHT_KB, RecorderOptions.MAX_INFLIGHT_KB)),
  RECORD_IO_THREADS("record-io-threads", "recorder.ioThreads", "N", "worker threads writing recordings",
      Value.positive(RecorderOptions.DEFAULT_IO_THREADS, RecorderOptions.MAX_IO_THREADS)),
  RECORD_RESTART_PAUSE_MS("record-restart-pause-ms", "recorder.restartPauseMs", "MS",
      "pause before a failed channel recorder restarts, doubled per failure in a row",
      Value.range(RecorderOptions.DEFAULT_RESTART_PAUSE_MS, RecorderOptions.MIN_RESTART_PAUSE_MS,
          RecorderOptions.MAX_RESTART_PAUSE_MS)),
  RECORD_RESTART_MAX_PAUSE_MS("record-restart-max-pause-ms", "recorder.restartMaxPauseMs", "MS",
      "longest pause between restarts of a failing channel recorder, at least --record-restart-pause-ms",
      Value.range(RecorderOptions.DEFAULT_RESTART_MAX_PAUSE_MS, RecorderOptions.MIN_RESTART_PAUSE_MS,
          RecorderOptions.MAX_RESTART_MAX_PAUSE_MS)),
  RECORD_RETENTION_INTERVAL_MS("record-retention-interval-ms", "recorder.retentionIntervalMs", "MS",
      "how often retention runs",
      Value.range(RecorderOptions.DEFAULT_RETENTION_INTERVAL_MS, RecorderOptions.MIN_RETENTION_INTERVAL_MS,
          RecorderOptions.MAX_RETENTION_INTERVAL_MS)),
  RECORD_RTMP_READ_AHEAD_KB("record-rtmp-read-ahead-kb", "recorder.rtmpReadAheadKb", "KB",
      "media one recorded-RTMP (rvod) player may have demuxed ahead",
      Value.range(RecorderOptions.DEFAULT_RTMP_READ_AHEAD_KB, RecorderOptions.MIN_RTMP_READ_AHEAD_KB,
          RecorderOptions.MAX_RTMP_READ_AHEAD_KB)),
  RECORD_RTMP_LEAD_MS("record-rtmp-lead-ms", "recorder.rtmpLeadMs", "MS",
      "how far ahead of real time recorded RTMP is sent",
      Value.upTo(RecorderOptions.DEFAULT_RTMP_LEAD_MS, RecorderOptions.MAX_RTMP_LEAD_MS)),
  SNAPSHOT_INTERVAL_S("snapshot-interval-s", "snapshot.intervalS", "S",
      "periodic snapshot period of --snapshot-channels, 0 = off",
      Value.upTo(SnapshotOptions.DEFAULT_INTERVAL_S, SnapshotOptions.MAX_INTERVAL_S)),
  SNAPSHOT_CHANNELS("snapshot-channels", "snapshot.channels", "LIST",
      "channels snapshotted periodically, device_id-channel_id[,...]", Value.list(SnapshotOptions.DEFAULT_CHANNELS)),
  SNAPSHOT_UPLOAD("snapshot-upload", "snapshot.upload", "BOOL", "also upload periodic snapshots to the platform (spec 5.1)",
      Value.bool(SnapshotOptions.DEFAULT_UPLOAD)),
  PICTURE_QUOTA_MB("picture-quota-mb", "snapshot.pictureQuotaMb", "MB",
      "disk quota of pictures, apart from recordings; oldest go first, 0 = none",
      Value.count(SnapshotOptions.DEFAULT_PICTURE_QUOTA_MB)),
  PICTURE_MAX_AGE_DAYS("picture-max-age-days", "snapshot.pictureMaxAgeDays", "DAYS",
      "pictures older than this are deleted, 0 = no age limit",
      Value.upTo(SnapshotOptions.DEFAULT_PICTURE_MAX_AGE_DAYS, SnapshotOptions.MAX_PICTURE_MAX_AGE_DAYS)),
  PICTURES_PRIVATE("pictures-private", "snapshot.picturesPrivate", "BOOL",
      "GET /pictures/... needs the api-key header or the token its url carries; off: public URLs as spec 5.5 has them",
      Value.bool(SnapshotOptions.DEFAULT_PICTURES_PRIVATE)),
  STAT_MAX_VIEWERS("stat-max-viewers", "stat.maxViewers", "N",
      "viewers (HLS and RTMP) this node lists in getonlinelist; beyond it they are counted, not listed",
      Value.positive(StatOptions.DEFAULT_MAX_VIEWERS, StatOptions.MAX_MAX_VIEWERS)),
  STAT_HLS_VIEWER_IDLE_MS("stat-hls-viewer-idle-ms", "stat.hlsViewerIdleMillis", "MS",
      "an HLS viewer that requested nothing for this long has left (getonlinelist)",
      Value.range(StatOptions.DEFAULT_HLS_VIEWER_IDLE_MILLIS, StatOptions.MIN_HLS_VIEWER_IDLE_MILLIS,
          StatOptions.MAX_HLS_VIEWER_IDLE_MILLIS)),
  STAT_PAGE_KEY_MS("stat-page-key-ms", "stat.pageKeyMillis", "MS",
      "how long a getonlinelist/getpushlist page_key reads its list (spec 13.1: 5 minutes)",
      Value.range(StatOptions.DEFAULT_PAGE_KEY_MILLIS, StatOptions.MIN_PAGE_KEY_MILLIS,
          StatOptions.MAX_PAGE_KEY_MILLIS)),
  STAT_MAX_PAGE_KEYS("stat-max-page-keys", "stat.maxPageKeys", "N",
      "page keys held at once; the oldest is forgotten beyond it", Value.positive(StatOptions.DEFAULT_MAX_PAGE_KEYS,
          Integer.MAX_VALUE)),
  STAT_MAX_PAGE_ROWS("stat-max-page-rows", "stat.maxPageRows", "N",
      "list rows held under all page keys together; the oldest keys are forgotten beyond it",
      Value.positive(StatOptions.DEFAULT_MAX_PAGE_ROWS, Integer.MAX_VALUE)),
  UPLOAD_POLICY("upload-policy", "upload.policy", "POLICY", "what channels upload: none, all (every segment) or on-request",
      Value.text(UploadOptions.DEFAULT_POLICY.wireName())),
  UPLOAD_CHANNELS("upload-channels", "upload.channels", "LIST",
      "per-channel upload policy, device_id-channel_id=none|all|on-request[,...]",
      Value.list(UploadOptions.DEFAULT_CHANNELS)),
  UPLOAD_CONCURRENCY("upload-concurrency", "upload.concurrency", "N", "uploads in flight at once",
      Value.positive(OutboxOptions.DEFAULT_MAX_CONCURRENT, OutboxOptions.MAX_CONCURRENT)),
  UPLOAD_BYTES_PER_SECOND("upload-bytes-per-second", "upload.bytesPerSecond", "B",
      "average upload rate (the uplink is shared), 0 = no cap", Value.count(OutboxOptions.DEFAULT_BYTES_PER_SECOND)),
  UPLOAD_MAX_ITEMS("upload-max-items", "upload.maxItems", "N", "items the upload outbox holds; past it new ones are refused",
      Value.positive(OutboxOptions.DEFAULT_MAX_ITEMS, Integer.MAX_VALUE)),
  UPLOAD_BACKOFF_MS("upload-backoff-ms", "upload.backoffMs", "MS", "first retry delay of a failed upload, doubled per attempt",
      Value.positive(OutboxOptions.DEFAULT_BACKOFF_BASE_MILLIS, Long.MAX_VALUE)),
  UPLOAD_BACKOFF_MAX_MS("upload-backoff-max-ms", "upload.backoffMaxMs", "MS", "longest retry delay of a failed upload",
      Value.positive(OutboxOptions.DEFAULT_BACKOFF_MAX_MILLIS, Long.MAX_VALUE)),
  UPLOAD_UNKNOWN_GRACE_MS("upload-unknown-grace-ms", "upload.unknownGraceMs", "MS",
      "after a restart, how long an upload cut off mid-flight waits before it is looked up at the platform",
      Value.count(OutboxOptions.DEFAULT_UNKNOWN_OUTCOME_GRACE_MILLIS)),
  METRICS_SCRAPE_KEY("metrics-scrape-key", "metrics.scrapeKey", "KEY",
      "a key that reads GET /edge/metrics and nothing else (header 'authorization: Bearer KEY', header api-key or"
          + " ?key=), so a scraper never holds the master key; empty: the master key only",
      Value.text(MetricsOptions.DEFAULT_SCRAPE_KEY)),
  METRICS_MAX_CHANNELS("metrics-max-channels", "metrics.maxChannels", "N",
      "channels with /edge/metrics series of their own (label device_id, channel_id); the rest count in the totals",
      Value.upTo(MetricsOptions.DEFAULT_MAX_CHANNELS, MetricsOptions.MAX_MAX_CHANNELS)),
  CLUSTER("cluster", "cluster.enabled", "BOOL",
      "join a site of several nodes through Hazelcast (a bare --cluster means true); off: this node runs alone",
      Value.bool(ClusterOptions.DEFAULT_ENABLED)),
  CLUSTER_NAME("cluster-name", "cluster.name", "NAME", "the site's name: only nodes with the same one join each other",
      Value.text(ClusterOptions.DEFAULT_NAME)),
  CLUSTER_MEMBERS("cluster-members", "cluster.members", "LIST",
      "nodes to join with --cluster-join tcp, host:port[,...] (a host alone takes --cluster-port)",
      Value.list(ClusterOptions.DEFAULT_MEMBERS)),
  CLUSTER_JOIN("cluster-join", "cluster.join", "JOIN", "how nodes find each other: tcp (the members listed) or multicast",
      Value.text(ClusterOptions.DEFAULT_JOIN.wireName())),
  CLUSTER_HOST("cluster-host", "cluster.host", "HOST",
      "interface address the cluster binds and announces to its peers; empty: Hazelcast picks one",
      Value.text(ClusterOptions.DEFAULT_HOST)),
  CLUSTER_PORT("cluster-port", "cluster.port", "PORT", "Hazelcast member port (open it between the nodes)",
      Value.range(ClusterOptions.DEFAULT_PORT, NodeOptions.MIN_PORT, NodeOptions.MAX_PORT)),
  CLUSTER_BUS_PORT("cluster-bus-port", "cluster.busPort", "PORT",
      "event-bus port between the nodes, 0 = any free port; fix it when a firewall sits between them",
      Value.range(ClusterOptions.DEFAULT_BUS_PORT, 0, NodeOptions.MAX_PORT)),
  CLUSTER_CONFIG("cluster-config", "cluster.config", "FILE",
      "a Hazelcast XML or YAML file, or a built-in profile: tcp, multicast, loopback (one machine, fast failure"
          + " detection); empty: -Dvertx.hazelcast.config, then cluster.xml on the classpath, then tcp",
      Value.text(ClusterOptions.DEFAULT_CONFIG)),
  NODE_NAME("node-name", "cluster.nodeName", "NAME",
      "this node's stable name; empty: the one kept in the data directory, made on the first start",
      Value.text(ClusterOptions.DEFAULT_NODE_NAME)),
  NODE_WEIGHT("node-weight", "cluster.nodeWeight", "N", "this node's share of the site's channels, 0 = none",
      Value.upTo(ClusterOptions.DEFAULT_NODE_WEIGHT, ClusterOptions.MAX_NODE_WEIGHT)),
  CLUSTER_HEARTBEAT_TIMEOUT_MS("cluster-heartbeat-timeout-ms", "cluster.heartbeatTimeoutMs", "MS",
      "a member silent this long leaves the site (a closed or reset connection is noticed sooner)",
      Value.range(ClusterOptions.DEFAULT_HEARTBEAT_TIMEOUT_MS, ClusterOptions.MIN_HEARTBEAT_TIMEOUT_MS,
          ClusterOptions.MAX_HEARTBEAT_TIMEOUT_MS)),
  CLUSTER_JOIN_GRACE_MS("cluster-join-grace-ms", "cluster.joinGraceMs", "MS",
      "a node that joins takes channels from a live origin only after this long",
      Value.upTo(ClusterOptions.DEFAULT_JOIN_GRACE_MS, ClusterOptions.MAX_JOIN_GRACE_MS)),
  CLUSTER_REBALANCE("cluster-rebalance", "cluster.rebalance", "MODE",
      "auto: a node that joins takes its channels after the join grace; manual: only on POST /edge/cluster/rebalance",
      Value.text(ClusterOptions.DEFAULT_REBALANCE.wireName())),
  CLUSTER_FOREIGN_LIVE("cluster-foreign-live", "cluster.foreignLive", "MODE",
      "a live viewer of a channel another node runs: relay (served here) or redirect (302 to that node)",
      Value.text(ClusterOptions.DEFAULT_FOREIGN_LIVE.wireName())),
  CLUSTER_PLAY_ADDRESS("cluster-play-address", "cluster.playAddress", "MODE",
      "whose address play_address answers: owner (the channel's origin node) or self (behind a virtual IP)",
      Value.text(ClusterOptions.DEFAULT_PLAY_ADDRESS.wireName())),
  CLUSTER_FANOUT_TIMEOUT_MS("cluster-fanout-timeout-ms", "cluster.fanoutTimeoutMs", "MS",
      "how long a question to every node waits for the slowest before answering without it",
      Value.range(ClusterOptions.DEFAULT_FANOUT_TIMEOUT_MS, ClusterOptions.MIN_FANOUT_TIMEOUT_MS,
          ClusterOptions.MAX_FANOUT_TIMEOUT_MS)),
  CLUSTER_TAKEOVER_CONCURRENCY("cluster-takeover-concurrency", "cluster.takeoverConcurrency", "N",
      "channels of a dead node this node starts at once",
      Value.positive(ClusterOptions.DEFAULT_TAKEOVER_CONCURRENCY, ClusterOptions.MAX_TAKEOVER_CONCURRENCY));

  private final String longName;
  private final String path;
  private final String valueName;
  private final String description;
  private final Value value;

  NodeOption(String longName, String path, String valueName, String description, Value value) {
    this.longName = longName;
    this.path = path;
    this.valueName = valueName;
    this.description = description;
    this.value = value;
  }

  /** The command-line name without dashes, e.g. {@code http-port}. */
  public String longName() {
    return longName;
  }

  /**
   * Where the value lands in the JSON of {@link NodeOptions}: a key of the node ({@code httpPort}) or
   * {@code section.key} of a feature ({@code hls.segmentMillis}); null for {@link #CONFIG}, which names a file.
   */
  public String path() {
    return path;
  }

  public String valueName() {
    return valueName;
  }

  public String description() {
    return description;
  }

  /** The kind of value, its default and its range. */
  public Value value() {
    return value;
  }

  /** The built-in default as text, or null when the option has none. */
  public String defaultValue() {
    return value.defaultText();
  }

  /** Key in the JSON config file: {@code http_port}. */
  public String jsonKey() {
    return longName.replace('-', '_');
  }

  /** Environment variable: {@code EDGE_HTTP_PORT}. */
  public String envName() {
    return "EDGE_" + longName.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** System property: {@code edge.http-port}. */
  public String propertyName() {
    return "edge." + longName;
  }

  /** True for options whose value is a whole number (ports, counts, durations). */
  public boolean integer() {
    return value.kind() == Value.Kind.INTEGER;
  }

  /** Finds an option by its command-line name, or null. */
  public static NodeOption byLongName(String name) {
    for (NodeOption o : values()) {
      if (o.longName.equals(name)) {
        return o;
      }
    }
    return null;
  }

  /** Finds the option that sets {@code path} of the node's JSON, or null when no flag sets it. */
  public static NodeOption byPath(String path) {
    for (NodeOption o : values()) {
      if (path.equals(o.path)) {
        return o;
      }
    }
    return null;
  }

  /**
   * The kind of an option's value, with its default and, for whole numbers, the range the owning options
   * class accepts (as its constants say; the class's {@code validate()} is what enforces it).
   */
  public record Value(Kind kind, Object defaultValue, long min, long max) {
    public enum Kind { TEXT, LIST, BOOLEAN, INTEGER }

    static Value text(String defaultValue) {
      return new Value(Kind.TEXT, defaultValue, 0, 0);
    }

    /** A comma-separated list; the config file may give it as a JSON array too. Empty: no default shown. */
    static Value list(String defaultValue) {
      return new Value(Kind.LIST, defaultValue, 0, 0);
    }

    static Value bool(boolean defaultValue) {
      return new Value(Kind.BOOLEAN, defaultValue, 0, 0);
    }

    static Value range(long defaultValue, long min, long max) {
      return new Value(Kind.INTEGER, defaultValue, min, max);
    }

    /** 0 to {@code max}. */
    static Value upTo(long defaultValue, long max) {
      return range(defaultValue, 0, max);
    }

    /** 1 to {@code max}: a count of things that cannot be none. */
    static Value positive(long defaultValue, long max) {
      return range(defaultValue, 1, max);
    }

    /** 0 or more. */
    static Value count(long defaultValue) {
      return range(defaultValue, 0, Long.MAX_VALUE);
    }

    /** The default as {@code --help} prints it, or null when there is none to print. */
    public String defaultText() {
      return defaultValue == null || "".equals(defaultValue) ? null : String.valueOf(defaultValue);
    }

    /** The range as {@code --help} prints it ({@code 500 to 30000}, {@code 1 or more}), or null when any count goes. */
    public String rangeText() {
      if (kind != Kind.INTEGER) {
        return null;
      }
      boolean unbounded = max == Long.MAX_VALUE || max == Integer.MAX_VALUE;
      if (unbounded) {
        return min == 0 ? null : min + " or more";
      }
      return min + " to " + max;
    }
  }
}
