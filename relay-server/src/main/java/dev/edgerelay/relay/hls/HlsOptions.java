package dev.edgerelay.relay.hls;

import dev.edgerelay.relay.options.Check;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Live HLS settings: segment length, playlist window, byte bound, cold-start wait, where segments are written. */
public final class HlsOptions {
  /** Target segment duration; segments are cut on the first keyframe past it. */
  public static final long DEFAULT_SEGMENT_MILLIS = 2_000;
  /** Shortest target allowed: below it the playlist churns faster than players poll. */
  public static final long MIN_SEGMENT_MILLIS = 500;
  /** Longest target allowed: a live stream further behind than this is no longer live. */
  public static final long MAX_SEGMENT_MILLIS = 30_000;
  /** Segments listed in the live playlist (RFC 8216 6.2.2 wants at least three target durations). */
  public static final int DEFAULT_WINDOW = 6;
  public static final int MIN_WINDOW = 3;
  public static final int MAX_WINDOW = 100;
  /**
   * Bytes of segments kept per channel (files of the spool), the window plus a few older ones for slow players;
   * also the bound of the bytes on their way to the spool's disk.
   */
  public static final long DEFAULT_MAX_BYTES_PER_STREAM = 24L * 1024 * 1024;
  /** Less than a megabyte cannot hold a window of camera segments. */
  public static final long MIN_MAX_BYTES_PER_STREAM = 1024 * 1024;
  /** How long a playlist request on a cold channel waits for the first segment before answering 503. */
  public static final long DEFAULT_FIRST_SEGMENT_WAIT_MILLIS = 15_000;
  public static final long MIN_FIRST_SEGMENT_WAIT_MILLIS = 100;
  /** Segments kept after sliding out of the window, for players a little behind. */
  public static final int DEFAULT_RETAINED_AFTER_WINDOW = 3;
  /**
   * How long an ended stream's last window stays served (with EXT-X-ENDLIST) beyond its own duration:
   * RFC 8216 6.2.2 wants a segment available for its duration plus the playlist's after it is removed.
   */
  public static final long DEFAULT_ENDED_GRACE_MILLIS = 10_000;
  /** Longest grace allowed: the ended window keeps its files until it passes. */
  public static final long MAX_ENDED_GRACE_MILLIS = 300_000;

  /** The data directory's subdirectory live segments are written to unless {@code --hls-spool-dir} says where. */
  public static final String SPOOL_SUBDIRECTORY = "hls-spool";

  private long segmentMillis = DEFAULT_SEGMENT_MILLIS;
  private int window = DEFAULT_WINDOW;
  private long maxBytesPerStream = DEFAULT_MAX_BYTES_PER_STREAM;
  private long firstSegmentWaitMillis = DEFAULT_FIRST_SEGMENT_WAIT_MILLIS;
  private int retainedAfterWindow = DEFAULT_RETAINED_AFTER_WINDOW;
  private long endedGraceMillis = DEFAULT_ENDED_GRACE_MILLIS;
  /** Null: {@link #SPOOL_SUBDIRECTORY} of the data directory. */
  private String spoolDir;

  public HlsOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public HlsOptions(JsonObject json) {
    segmentMillis = json.getLong("segmentMillis", segmentMillis);
    window = json.getInteger("window", window);
    maxBytesPerStream = json.getLong("maxBytesPerStream", maxBytesPerStream);
    firstSegmentWaitMillis = json.getLong("firstSegmentWaitMillis", firstSegmentWaitMillis);
    retainedAfterWindow = json.getInteger("retainedAfterWindow", retainedAfterWindow);
    endedGraceMillis = json.getLong("endedGraceMillis", endedGraceMillis);
    spoolDir = json.getString("spoolDir", spoolDir);
  }

  public JsonObject toJson() {
    return new JsonObject().put("segmentMillis", segmentMillis).put("window", window)
        .put("maxBytesPerStream", maxBytesPerStream).put("firstSegmentWaitMillis", firstSegmentWaitMillis)
        .put("retainedAfterWindow", retainedAfterWindow).put("endedGraceMillis", endedGraceMillis)
        .put("spoolDir", spoolDir);
  }

  /** Checks every field; the ConfigException names the field and its allowed range. */
  public HlsOptions validate() {
    Check.range("segmentMillis", segmentMillis, MIN_SEGMENT_MILLIS, MAX_SEGMENT_MILLIS);
    Check.range("window", window, MIN_WINDOW, MAX_WINDOW);
    Check.range("maxBytesPerStream", maxBytesPerStream, MIN_MAX_BYTES_PER_STREAM, Long.MAX_VALUE);
    Check.range("firstSegmentWaitMillis", firstSegmentWaitMillis, MIN_FIRST_SEGMENT_WAIT_MILLIS, Long.MAX_VALUE);
    Check.range("retainedAfterWindow", retainedAfterWindow, 0, Integer.MAX_VALUE);
    Check.range("endedGraceMillis", endedGraceMillis, 0, MAX_ENDED_GRACE_MILLIS);
    return this;
  }

  public long segmentMillis() {
    return segmentMillis;
  }

  public HlsOptions setSegmentMillis(long segmentMillis) {
    this.segmentMillis = segmentMillis;
    return this;
  }

  public int window() {
    return window;
  }

  public HlsOptions setWindow(int window) {
    this.window = window;
    return this;
  }

  public long maxBytesPerStream() {
    return maxBytesPerStream;
  }

  public HlsOptions setMaxBytesPerStream(long maxBytesPerStream) {
    this.maxBytesPerStream = maxBytesPerStream;
    return this;
  }

  public long firstSegmentWaitMillis() {
    return firstSegmentWaitMillis;
  }

  public HlsOptions setFirstSegmentWaitMillis(long firstSegmentWaitMillis) {
    this.firstSegmentWaitMillis = firstSegmentWaitMillis;
    return this;
  }

  public int retainedAfterWindow() {
    return retainedAfterWindow;
  }

  public HlsOptions setRetainedAfterWindow(int retainedAfterWindow) {
    this.retainedAfterWindow = retainedAfterWindow;
    return this;
  }

  /** Where live segments are written: the configured directory, else {@link #SPOOL_SUBDIRECTORY} of {@code dataDir}. */
  public Path spoolDirectory(Path dataDir) {
    return spoolDir == null || spoolDir.isBlank() ? dataDir.resolve(SPOOL_SUBDIRECTORY) : Path.of(spoolDir);
  }

  public HlsOptions setSpoolDir(String spoolDir) {
    this.spoolDir = spoolDir;
    return this;
  }

  public long endedGraceMillis() {
    return endedGraceMillis;
  }

  public HlsOptions setEndedGraceMillis(long endedGraceMillis) {
    this.endedGraceMillis = endedGraceMillis;
    return this;
  }
}
