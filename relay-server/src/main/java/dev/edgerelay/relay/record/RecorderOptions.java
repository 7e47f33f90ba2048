package dev.edgerelay.relay.record;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.options.Check;
import dev.edgerelay.relay.options.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Recording settings: segment length, what records always, disk bounds and retention, recorded RTMP playback. */
public final class RecorderOptions {
  /** Target segment duration: a cut at the first keyframe at or after it. */
  public static final int DEFAULT_SEGMENT_MS = 10_000;
  /** Shorter segments multiply files and index entries; longer ones make a lost tail and an upload too big. */
  public static final int MIN_SEGMENT_MS = 1_000;
  public static final int MAX_SEGMENT_MS = 60_000;
  /** A gap in a channel's recording longer than this (source lost) ends its video; the next segment starts a new one. */
  public static final int DEFAULT_VIDEO_GAP_MS = 30_000;
  public static final int MIN_VIDEO_GAP_MS = 1_000;
  /** A day: a longer gap is never the same video. */
  public static final int MAX_VIDEO_GAP_MS = 86_400_000;
  /** 0: no quota, only the free-space floor and the age limit apply. */
  public static final int DEFAULT_QUOTA_MB = 0;
  /** Free space the recordings volume keeps; under it retention runs at once. */
  public static final int DEFAULT_MIN_FREE_MB = 1024;
  /** 0: no age limit. */
  public static final int DEFAULT_MAX_AGE_HOURS = 0;
  /** Ten years: anything longer is a typo. */
  public static final int MAX_MAX_AGE_HOURS = 24 * 3650;
  /**
   * Bytes one channel may have queued for the disk. At half of it, at a live part's boundary, the disk is behind:
   * the segment is closed early there and recording resumes at a part starting with a keyframe once a quarter is
   * left; the other half is headroom.
   */
  public static final int DEFAULT_INFLIGHT_KB = 8 * 1024;
  /** The headroom (half) must hold the live part being written when the backlog passes half: 2 s at 2 Mbit/s. */
  public static final int MIN_INFLIGHT_KB = 1024;
  public static final int MAX_INFLIGHT_KB = 1024 * 1024;
  /** Pause before a failed channel recorder is restarted; doubled for each failure in a row. */
  public static final int DEFAULT_RESTART_PAUSE_MS = 3_000;
  /** Shorter and a recorder that fails at once would spin. */
  public static final int MIN_RESTART_PAUSE_MS = 10;
  public static final int MAX_RESTART_PAUSE_MS = 600_000;
  /** Longest pause between restarts of a channel recorder that keeps failing; at least the first pause. */
  public static final int DEFAULT_RESTART_MAX_PAUSE_MS = 60_000;
  /** An hour: a channel recorder that keeps failing is still retried at least that often. */
  public static final int MAX_RESTART_MAX_PAUSE_MS = 3_600_000;
  /** Worker threads that write segments and talk to RocksDB for recording. */
  public static final int DEFAULT_IO_THREADS = 2;
  public static final int MAX_IO_THREADS = 64;
  /** How often retention runs when nothing else triggers it. */
  public static final int DEFAULT_RETENTION_INTERVAL_MS = 60_000;
  public static final int MIN_RETENTION_INTERVAL_MS = 100;
  public static final int MAX_RETENTION_INTERVAL_MS = 86_400_000;
  /** Demuxed media one recorded-RTMP player may have waiting to be sent (rvod, spec 4.1): reads pause beyond it. */
  public static final int DEFAULT_RTMP_READ_AHEAD_KB = 4 * 1024;
  /** Less than a keyframe of a camera and the player starves between reads. */
  public static final int MIN_RTMP_READ_AHEAD_KB = 64;
  public static final int MAX_RTMP_READ_AHEAD_KB = 64 * 1024;
  /** How far ahead of real time recorded RTMP is sent: fills a player's buffer, rides over a slow disk read. */
  public static final int DEFAULT_RTMP_LEAD_MS = 3_000;
  public static final int MAX_RTMP_LEAD_MS = 60_000;
  /** No channel records always unless named. */
  public static final String DEFAULT_CHANNELS = "";
  /** No channel has an age limit of its own unless named. */
  public static final String DEFAULT_CHANNEL_MAX_AGE = "";

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
  private String channels = DEFAULT_CHANNELS;
  /** Per-channel age limits: {@code dev-ch=hours,...}. */
  private String channelMaxAge = DEFAULT_CHANNEL_MAX_AGE;

  public RecorderOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public RecorderOptions(JsonObject json) {
    segmentMs = json.getInteger("segmentMs", segmentMs);
    videoGapMs = json.getInteger("videoGapMs", videoGapMs);
    quotaMb = json.getInteger("quotaMb", quotaMb);
    minFreeMb = json.getInteger("minFreeMb", minFreeMb);
    maxAgeHours = json.getInteger("maxAgeHours", maxAgeHours);
    inflightKb = json.getInteger("inflightKb", inflightKb);
    ioThreads = json.getInteger("ioThreads", ioThreads);
    restartPauseMs = json.getInteger("restartPauseMs", restartPauseMs);
    restartMaxPauseMs = json.getInteger("restartMaxPauseMs", restartMaxPauseMs);
    retentionIntervalMs = json.getInteger("retentionIntervalMs", retentionIntervalMs);
    rtmpReadAheadKb = json.getInteger("rtmpReadAheadKb", rtmpReadAheadKb);
    rtmpLeadMs = json.getInteger("rtmpLeadMs", rtmpLeadMs);
    channels = json.getString("channels", channels);
    channelMaxAge = json.getString("channelMaxAge", channelMaxAge);
  }

  public JsonObject toJson() {
    return new JsonObject().put("segmentMs", segmentMs).put("videoGapMs", videoGapMs).put("quotaMb", quotaMb)
        .put("minFreeMb", minFreeMb).put("maxAgeHours", maxAgeHours).put("inflightKb", inflightKb)
        .put("ioThreads", ioThreads).put("restartPauseMs", restartPauseMs).put("restartMaxPauseMs", restartMaxPauseMs)
        .put("retentionIntervalMs", retentionIntervalMs).put("rtmpReadAheadKb", rtmpReadAheadKb)
        .put("rtmpLeadMs", rtmpLeadMs).put("channels", channels).put("channelMaxAge", channelMaxAge);
  }

  /** Checks every field; the ConfigException names the field and its allowed range. */
  public RecorderOptions validate() {
    Check.range("segmentMs", segmentMs, MIN_SEGMENT_MS, MAX_SEGMENT_MS);
    Check.range("videoGapMs", videoGapMs, MIN_VIDEO_GAP_MS, MAX_VIDEO_GAP_MS);
    Check.range("quotaMb", quotaMb, 0, Integer.MAX_VALUE);
    Check.range("minFreeMb", minFreeMb, 0, Integer.MAX_VALUE);
    Check.range("maxAgeHours", maxAgeHours, 0, MAX_MAX_AGE_HOURS);
    Check.range("inflightKb", inflightKb, MIN_INFLIGHT_KB, MAX_INFLIGHT_KB);
    Check.range("ioThreads", ioThreads, 1, MAX_IO_THREADS);
    Check.range("restartPauseMs", restartPauseMs, MIN_RESTART_PAUSE_MS, MAX_RESTART_PAUSE_MS);
    Check.range("restartMaxPauseMs", restartMaxPauseMs, restartPauseMs, MAX_RESTART_MAX_PAUSE_MS);
    Check.range("retentionIntervalMs", retentionIntervalMs, MIN_RETENTION_INTERVAL_MS, MAX_RETENTION_INTERVAL_MS);
    Check.range("rtmpReadAheadKb", rtmpReadAheadKb, MIN_RTMP_READ_AHEAD_KB, MAX_RTMP_READ_AHEAD_KB);
    Check.range("rtmpLeadMs", rtmpLeadMs, 0, MAX_RTMP_LEAD_MS);
    alwaysRecording();
    channelMaxAgeMillis();
    return this;
  }

  /** The channels configured to record always. */
  public List<ChannelRef> alwaysRecording() {
    List<ChannelRef> out = new ArrayList<>();
    for (String item : channels.split(",")) {
      if (!item.isBlank()) {
        out.add(Check.channel("channels", item.trim()));
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
        out.put(Check.channel("channelMaxAge", item.substring(0, eq).trim()), hours * 3_600_000L);
      } catch (RuntimeException e) {
        throw new ConfigException("channelMaxAge", "takes dev-ch=hours[,dev-ch=hours], got '" + item + "'");
      }
    }
    return out;
  }

  public int segmentMs() {
    return segmentMs;
  }

  public RecorderOptions setSegmentMs(int segmentMs) {
    this.segmentMs = segmentMs;
    return this;
  }

  public int videoGapMs() {
    return videoGapMs;
  }

  public RecorderOptions setVideoGapMs(int videoGapMs) {
    this.videoGapMs = videoGapMs;
    return this;
  }

  public long quotaBytes() {
    return quotaMb * 1024L * 1024;
  }

  public RecorderOptions setQuotaMb(int quotaMb) {
    this.quotaMb = quotaMb;
    return this;
  }

  public long minFreeBytes() {
    return minFreeMb * 1024L * 1024;
  }

  public RecorderOptions setMinFreeMb(int minFreeMb) {
    this.minFreeMb = minFreeMb;
    return this;
  }

  public long maxAgeMillis() {
    return maxAgeHours * 3_600_000L;
  }

  public RecorderOptions setMaxAgeHours(int maxAgeHours) {
    this.maxAgeHours = maxAgeHours;
    return this;
  }

  public long inflightBytes() {
    return inflightKb * 1024L;
  }

  public RecorderOptions setInflightKb(int inflightKb) {
    this.inflightKb = inflightKb;
    return this;
  }

  public int ioThreads() {
    return ioThreads;
  }

  public RecorderOptions setIoThreads(int ioThreads) {
    this.ioThreads = ioThreads;
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

  public RecorderOptions setRetentionIntervalMs(int retentionIntervalMs) {
    this.retentionIntervalMs = retentionIntervalMs;
    return this;
  }

  /** {@code dev-ch,dev-ch}: the channels that record always. */
  public RecorderOptions setChannels(String channels) {
    this.channels = channels;
    return this;
  }

  /** {@code dev-ch=hours,...}: age limits of single channels. */
  public RecorderOptions setChannelMaxAge(String channelMaxAge) {
    this.channelMaxAge = channelMaxAge;
    return this;
  }

  public long rtmpReadAheadBytes() {
    return rtmpReadAheadKb * 1024L;
  }

  public RecorderOptions setRtmpReadAheadKb(int rtmpReadAheadKb) {
    this.rtmpReadAheadKb = rtmpReadAheadKb;
    return this;
  }

  public long rtmpLeadMs() {
    return rtmpLeadMs;
  }

  public RecorderOptions setRtmpLeadMs(int rtmpLeadMs) {
    this.rtmpLeadMs = rtmpLeadMs;
    return this;
  }
}
