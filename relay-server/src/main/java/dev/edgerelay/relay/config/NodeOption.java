package dev.edgerelay.relay.config;

import java.util.Locale;

/**
 * One setting of the node, known by the same name everywhere it can be given: the command line
 * ({@code --http-port}), the config file ({@code "http_port"}), the environment ({@code EDGE_HTTP_PORT})
 * and system properties ({@code edge.http-port}). One table drives parsing and {@code --help}.
 */
public enum NodeOption {
  CONFIG("config", "FILE", "JSON config file; its keys are the long option names with '_' for '-'", null),
  PLATFORM_URL("platform-url", "URL",
      "base URL of the OneNET video API; absent: start the emulator inside this process (embedded default)", null),
  API_KEY("api-key", "KEY", "the platform master key (header api-key); the edge API accepts it too",
      "sim-master-key"),
  PRODUCT_ID("product-id", "ID", "the platform product this edge serves", "100001"),
  HTTP_PORT("http-port", "PORT", "edge HTTP API, HLS and web UI port", "8080"),
  RTMP_PORT("rtmp-port", "PORT", "RTMP port for LAN players and publishing cameras", "1935"),
  BIND_HOST("bind-host", "HOST", "address the HTTP and RTMP servers listen on", "0.0.0.0"),
  ADVERTISE_HOST("advertise-host", "HOST",
      "host name or address this node puts in play_address answers for LAN clients", "127.0.0.1"),
  DATA_DIR("data-dir", "DIR", "recordings, index and snapshots live here", "data"),
  HLS_SEGMENT_MS("hls-segment-ms", "MS", "live HLS target segment duration, 500 to 30000", "2000"),
  HLS_WINDOW("hls-window", "N", "segments in the live playlist, 3 to 100", "6"),
  IDLE_TIMEOUT_MS("idle-timeout-ms", "MS",
      "a channel nobody watches stops after this long, 100 to 120000 (preload's idle_time overrides it)", "30000"),
  DIRECTORY_REFRESH_MS("directory-refresh-ms", "MS", "how often the devices and channels are re-read from the platform",
      "60000"),
  THUMBNAIL_WORKERS("thumbnail-workers", "N", "threads decoding live thumbnails, 1 to 64", "2"),
  THUMBNAIL_QUEUE("thumbnail-queue", "N",
      "thumbnail requests that may wait for a worker, 0 to 10000; past it they are refused (errno 134)", "32"),
  THUMBNAIL_MAX_AGE_MS("thumbnail-max-age-ms", "MS", "a thumbnail younger than this is served again, 0 to 3600000",
      "5000"),
  THUMBNAIL_COLD_WAIT_MS("thumbnail-cold-wait-ms", "MS",
      "how long a thumbnail of a stopped channel waits for its first keyframe, 100 to 120000", "10000"),
  SIM_CAMERAS("sim-cameras", "N", "synthetic cameras of the embedded emulator (embedded default only)", "4"),
  SIM_CAMERA_MODE("sim-camera-mode", "MODE",
      "how the embedded emulator's cameras make video: pattern (live-encoded, clock drawn), loop (near zero CPU), none",
      "pattern"),
  SIM_HTTP_PORT("sim-http-port", "PORT", "HTTP port of the embedded emulator (0 = any free port)", "18080"),
  SIM_RTMP_PORT("sim-rtmp-port", "PORT", "RTMP origin port of the embedded emulator (0 = any free port)", "19350"),
  // recording (issue 6): read by dev.edgerelay.relay.record.RecorderOptions
  RECORD_CHANNELS("record-channels", "LIST", "channels that always record, device_id-channel_id[,...]", null),
  RECORD_SEGMENT_MS("record-segment-ms", "MS", "recorded segment target duration, 1000 to 60000", "10000"),
  RECORD_VIDEO_GAP_MS("record-video-gap-ms", "MS", "a recording gap longer than this starts a new video", "30000"),
  RECORD_QUOTA_MB("record-quota-mb", "MB", "disk quota of the recordings, 0 = none", "0"),
  RECORD_MIN_FREE_MB("record-min-free-mb", "MB", "free space kept on the recordings volume", "1024"),
  RECORD_MAX_AGE_HOURS("record-max-age-hours", "H", "recordings older than this are deleted, 0 = never", "0"),
  RECORD_CHANNEL_MAX_AGE("record-channel-max-age", "LIST", "per-channel age limits, device_id-channel_id=hours[,...]",
      null),
  RECORD_INFLIGHT_KB("record-inflight-kb", "KB",
      "bytes one channel may queue for the disk; at half, the segment is closed early, 1024 to 1048576", "8192"),
  RECORD_IO_THREADS("record-io-threads", "N", "worker threads writing recordings", "2"),
  RECORD_RESTART_PAUSE_MS("record-restart-pause-ms", "MS",
      "pause before a failed channel recorder restarts, doubled per failure in a row, 10 to 600000", "3000"),
  RECORD_RESTART_MAX_PAUSE_MS("record-restart-max-pause-ms", "MS",
      "longest pause between restarts of a failing channel recorder", "60000"),
  RECORD_RETENTION_INTERVAL_MS("record-retention-interval-ms", "MS", "how often retention runs", "60000"),
  RECORD_RTMP_READ_AHEAD_KB("record-rtmp-read-ahead-kb", "KB",
      "media one recorded-RTMP (rvod) player may have demuxed ahead, 64 to 65536", "4096"),
  RECORD_RTMP_LEAD_MS("record-rtmp-lead-ms", "MS", "how far ahead of real time recorded RTMP is sent, 0 to 60000",
      "3000"),
  // snapshots and pictures (issue 8): read by dev.edgerelay.relay.snapshot.SnapshotOptions
  SNAPSHOT_INTERVAL_S("snapshot-interval-s", "S", "periodic snapshot period of --snapshot-channels, 0 = off", "0"),
  SNAPSHOT_CHANNELS("snapshot-channels", "LIST", "channels snapshotted periodically, device_id-channel_id[,...]",
      null),
  SNAPSHOT_UPLOAD("snapshot-upload", "BOOL", "also upload periodic snapshots to the platform (spec 5.1)", "false"),
  PICTURE_QUOTA_MB("picture-quota-mb", "MB", "disk quota of pictures, apart from recordings; oldest go first",
      "512"),
  PICTURE_MAX_AGE_DAYS("picture-max-age-days", "DAYS", "pictures older than this are deleted, 0 = no age limit",
      "0"),

  // uploads (issue 7): read by dev.edgerelay.relay.upload.UploadOptions
  UPLOAD_POLICY("upload-policy", "POLICY", "what channels upload: none, all (every segment) or on-request", "none"),
  UPLOAD_CHANNELS("upload-channels", "LIST", "per-channel upload policy, device_id-channel_id=none|all|on-request[,...]",
      null),
  UPLOAD_CONCURRENCY("upload-concurrency", "N", "uploads in flight at once, 1 to 64", "2"),
  UPLOAD_BYTES_PER_SECOND("upload-bytes-per-second", "B", "average upload rate (the uplink is shared), 0 = no cap",
      "1000000"),
  UPLOAD_MAX_ITEMS("upload-max-items", "N", "items the upload outbox holds; past it new ones are refused", "100000"),
  UPLOAD_BACKOFF_MS("upload-backoff-ms", "MS", "first retry delay of a failed upload, doubled per attempt", "1000"),
  UPLOAD_BACKOFF_MAX_MS("upload-backoff-max-ms", "MS", "longest retry delay of a failed upload", "300000"),
  UPLOAD_UNKNOWN_GRACE_MS("upload-unknown-grace-ms", "MS",
      "after a restart, how long an upload cut off mid-flight waits before it is looked up at the platform", "30000");

  private final String longName;
  private final String valueName;
  private final String description;
  private final String defaultValue;

  NodeOption(String longName, String valueName, String description, String defaultValue) {
    this.longName = longName;
    this.valueName = valueName;
    this.description = description;
    this.defaultValue = defaultValue;
  }

  /** The command-line name without dashes, e.g. {@code http-port}. */
  public String longName() {
    return longName;
  }

  public String valueName() {
    return valueName;
  }

  public String description() {
    return description;
  }

  /** The built-in default as text, or null when the option has none. */
  public String defaultValue() {
    return defaultValue;
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

  /** True for options whose value is a whole number (ports, counts). */
  public boolean integer() {
    return switch (this) {
      case HTTP_PORT, RTMP_PORT, SIM_CAMERAS, SIM_HTTP_PORT, SIM_RTMP_PORT, HLS_SEGMENT_MS, HLS_WINDOW, IDLE_TIMEOUT_MS,
          DIRECTORY_REFRESH_MS, THUMBNAIL_WORKERS, THUMBNAIL_QUEUE, THUMBNAIL_MAX_AGE_MS, THUMBNAIL_COLD_WAIT_MS -> true;
      default -> false;
    };
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
}
