package dev.edgerelay.relay.record;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recording settings, read from the node's JSON keys {@code record_*}; the command-line names
 * are those keys with '-' for '_'. Validated in one place with messages that name the option.
 */
public final class RecorderOptions {
  /** Target segment duration: a cut at the first keyframe at or after it (default 10 s). */
  public static final int DEFAULT_SEGMENT_MS = 10_000;
  /** A gap in a channel's recording longer than this (source lost) ends its video; the next segment starts a new one. */
  public static final int DEFAULT_VIDEO_GAP_MS = 30_000;
  /** 0: no quota, only the free-space floor and the age limit apply. */
  public static final int DEFAULT_QUOTA_MB = 0;
  /** Free space the recordings volume keeps; under it retention runs at once. */
  public static final int DEFAULT_MIN_FREE_MB = 1024;
  /** 0: no age limit. */
  public static final int DEFAULT_MAX_AGE_HOURS = 0;
  /**
   * Bytes one channel may have queued for the disk. At half of it the disk is behind: the segment is closed
   * early at a whole unit and recording resumes at a keyframe once a quarter is left; the other half is headroom.
   */
  public static final int DEFAULT_INFLIGHT_KB = 8 * 1024;
  /** The headroom (half) must hold a TS chunk handed to the disk (64 KB) plus the unit that filled it. */
  static final int MIN_INFLIGHT_KB = 1024;
  /** Pause before a failed channel recorder is restarted; doubled for each failure in a row. */
  public static final int DEFAULT_RESTART_PAUSE_MS = 3_000;
  /** Longest pause between restarts of a channel recorder that keeps failing. */
  public static final int DEFAULT_RESTART_MAX_PAUSE_MS = 60_000;
  /** Worker threads that write segments and talk to RocksDB for recording. */
  public static final int DEFAULT_IO_THREADS = 2;
  /** Demuxed media one recorded-RTMP player may have waiting to be sent (rvod, spec 4.1): reads pause beyond it. */
  public static final int DEFAULT_RTMP_READ_AHEAD_KB = 4 * 1024;
  /** How far ahead of real time recorded RTMP is sent: fills a player's buffer, rides over a slow disk read. */
  public static final int DEFAULT_RTMP_LEAD_MS = 3_000;
  /** How often retention runs when nothing else triggers it. */
  public static final int DEFAULT_RETENTION_INTERVAL_MS = 60_000;

  private int segmentMs = DEFAULT_SEGMENT_MS;
  private int videoGapMs = DEFAULT_VIDEO_GAP_MS;
  private int quotaMb = DEFAULT_QUOTA_MB;
  private int minFreeMb = DEFAULT_MIN_FREE_MB;
  private int maxAgeHours = DEFAULT_MAX_AGE_HOURS;
  private int inflightKb = DEFAULT_INFLIGHT_KB;
  private int ioThreads = DEFAULT_IO_THREADS;
  private int restartPauseMs = DEFAULT_RESTART_PAUSE_MS;
  private int restartMaxPauseMs = DEFAULT_RESTART_MAX_PAUSE_MS;
  private int retentionIntervalMs = DEFAULT_RETENTION_INTERVAL_MS;
  private int rtmpReadAheadKb = DEFAULT_RTMP_READ_AHEAD_KB;
  private int rtmpLeadMs = DEFAULT_RTMP_LEAD_MS;
  /** Channels that always record: {@code dev-ch,dev-ch}. */
  private String channels = "";
  /** Per-channel age limits: {@code dev-ch=hours,...}. */
  private String channelMaxAge = "";

  public RecorderOptions() {}

  public RecorderOptions(JsonObject json) {
    segmentMs = number(json, "record_segment_ms", segmentMs);
    videoGapMs = number(json, "record_video_gap_ms", videoGapMs);
    quotaMb = number(json, "record_quota_mb", quotaMb);
    minFreeMb = number(json, "record_min_free_mb", minFreeMb);
    maxAgeHours = number(json, "record_max_age_hours", maxAgeHours);
    inflightKb = number(json, "record_inflight_kb", inflightKb);
    ioThreads = number(json, "record_io_threads", ioThreads);
    restartPauseMs = number(json, "record_restart_pause_ms", restartPauseMs);
    restartMaxPauseMs = number(json, "record_restart_max_pause_ms", restartMaxPauseMs);
    retentionIntervalMs = number(json, "record_retention_interval_ms", retentionIntervalMs);
    rtmpReadAheadKb = number(json, "record_rtmp_read_ahead_kb", rtmpReadAheadKb);
    rtmpLeadMs = number(json, "record_rtmp_lead_ms", rtmpLeadMs);
    channels = json.getString("record_channels", channels);
    channelMaxAge = json.getString("record_channel_max_age", channelMaxAge);
  }

  private static int number(JsonObject json, String key, int fallback) {
    Object v = json.getValue(key);
    if (v == null) {
      return fallback;
    }
    try {
      return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("--" + key.replace('_', '-') + " must be a whole number, got '" + v + "'");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("record_segment_ms", segmentMs).put("record_video_gap_ms", videoGapMs)
        .put("record_quota_mb", quotaMb).put("record_min_free_mb", minFreeMb).put("record_max_age_hours", maxAgeHours)
        .put("record_inflight_kb", inflightKb).put("record_io_threads", ioThreads)
        .put("record_restart_pause_ms", restartPauseMs).put("record_restart_max_pause_ms", restartMaxPauseMs)
        .put("record_retention_interval_ms", retentionIntervalMs).put("record_rtmp_read_ahead_kb", rtmpReadAheadKb)
        .put("record_rtmp_lead_ms", rtmpLeadMs).put("record_channels", channels)
        .put("record_channel_max_age", channelMaxAge);
  }

  public RecorderOptions validate() {
    range("record-segment-ms", segmentMs, 1_000, 60_000);
    range("record-video-gap-ms", videoGapMs, 1_000, 86_400_000);
    range("record-quota-mb", quotaMb, 0, Integer.MAX_VALUE);
    range("record-min-free-mb", minFreeMb, 0, Integer.MAX_VALUE);
    range("record-max-age-hours", maxAgeHours, 0, 24 * 3650);
    range("record-inflight-kb", inflightKb, MIN_INFLIGHT_KB, 1024 * 1024);
    range("record-io-threads", ioThreads, 1, 64);
    range("record-restart-pause-ms", restartPauseMs, 10, 600_000);
    range("record-restart-max-pause-ms", restartMaxPauseMs, restartPauseMs, 3_600_000);
    range("record-retention-interval-ms", retentionIntervalMs, 100, 86_400_000);
    range("record-rtmp-read-ahead-kb", rtmpReadAheadKb, 64, 64 * 1024);
    range("record-rtmp-lead-ms", rtmpLeadMs, 0, 60_000);
    alwaysRecording();
    channelMaxAgeMillis();
    return this;
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigException("--" + name + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  /** The channels configured to record always. */
  public List<ChannelRef> alwaysRecording() {
    List<ChannelRef> out = new ArrayList<>();
    for (String item : channels.split(",")) {
      if (!item.isBlank()) {
        out.add(channel("record-channels", item.trim()));
      }
    }
    return out;
  }

  public Map<ChannelRef, Long> channelMaxAgeMillis() {
    Map<ChannelRef, Long> out = new HashMap<>();
    for (String item : channelMaxAge.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      int eq = item.indexOf('=');
      try {
        long hours = Long.parseLong(item.substring(eq + 1).trim());
        out.put(channel("record-channel-max-age", item.substring(0, eq).trim()), hours * 3_600_000L);
      } catch (RuntimeException e) {
        throw new ConfigException("--record-channel-max-age takes dev-ch=hours[,dev-ch=hours], got '" + item + "'");
      }
    }
    return out;
  }

  private static ChannelRef channel(String option, String text) {
    int dash = text.lastIndexOf('-');
    try {
      return new ChannelRef(text.substring(0, dash), Integer.parseInt(text.substring(dash + 1)));
    } catch (RuntimeException e) {
      throw new ConfigException("--" + option + " names channels as device_id-channel_id, got '" + text + "'");
    }
  }

  public int segmentMs() {
    return segmentMs;
  }

  public RecorderOptions setSegmentMs(int v) {
    segmentMs = v;
    return this;
  }

  public int videoGapMs() {
    return videoGapMs;
  }

  public RecorderOptions setVideoGapMs(int v) {
    videoGapMs = v;
    return this;
  }

  public long quotaBytes() {
    return quotaMb * 1024L * 1024;
  }

  public RecorderOptions setQuotaMb(int v) {
    quotaMb = v;
    return this;
  }

  public long minFreeBytes() {
    return minFreeMb * 1024L * 1024;
  }

  public RecorderOptions setMinFreeMb(int v) {
    minFreeMb = v;
    return this;
  }

  public long maxAgeMillis() {
    return maxAgeHours * 3_600_000L;
  }

  public RecorderOptions setMaxAgeHours(int v) {
    maxAgeHours = v;
    return this;
  }

  public long inflightBytes() {
    return inflightKb * 1024L;
  }

  public RecorderOptions setInflightKb(int v) {
    inflightKb = v;
    return this;
  }

  public int ioThreads() {
    return ioThreads;
  }

  public RecorderOptions setIoThreads(int v) {
    ioThreads = v;
    return this;
  }

  public long restartPauseMs() {
    return restartPauseMs;
  }

  public RecorderOptions setRestartPauseMs(int v) {
    restartPauseMs = v;
    return this;
  }

  public long restartMaxPauseMs() {
    return restartMaxPauseMs;
  }

  public RecorderOptions setRestartMaxPauseMs(int v) {
    restartMaxPauseMs = v;
    return this;
  }

  public int retentionIntervalMs() {
    return retentionIntervalMs;
  }

  public RecorderOptions setRetentionIntervalMs(int v) {
    retentionIntervalMs = v;
    return this;
  }

  public RecorderOptions setChannels(String v) {
    channels = v;
    return this;
  }

  public RecorderOptions setChannelMaxAge(String v) {
    channelMaxAge = v;
    return this;
  }

  public long rtmpReadAheadBytes() {
    return rtmpReadAheadKb * 1024L;
  }

  public RecorderOptions setRtmpReadAheadKb(int v) {
    rtmpReadAheadKb = v;
    return this;
  }

  public long rtmpLeadMs() {
    return rtmpLeadMs;
  }

  public RecorderOptions setRtmpLeadMs(int v) {
    rtmpLeadMs = v;
    return this;
  }
}
