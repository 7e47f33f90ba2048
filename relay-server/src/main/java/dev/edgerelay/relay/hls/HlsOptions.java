package dev.edgerelay.relay.hls;

import io.vertx.core.json.JsonObject;

/** Live HLS settings (issue 5): segment length, playlist window, memory bound, cold-start wait. */
public final class HlsOptions {
  /** Target segment duration; segments are cut on the first keyframe past it. */
  public static final long DEFAULT_SEGMENT_MILLIS = 2_000;
  /** Shortest target allowed: below it the playlist churns faster than players poll. */
  public static final long MIN_SEGMENT_MILLIS = 500;
  /** Segments listed in the live playlist (RFC 8216 6.2.2 wants at least three target durations). */
  public static final int DEFAULT_WINDOW = 6;
  /** Bytes of segments kept in memory per channel: the window plus a few older ones for slow players. */
  public static final long DEFAULT_MAX_BYTES_PER_STREAM = 24L * 1024 * 1024;
  /** How long a playlist request on a cold channel waits for the first segment before answering 503. */
  public static final long DEFAULT_FIRST_SEGMENT_WAIT_MILLIS = 15_000;
  /** Segments kept after sliding out of the window, for players a little behind. */
  public static final int DEFAULT_RETAINED_AFTER_WINDOW = 3;

  private long segmentMillis = DEFAULT_SEGMENT_MILLIS;
  private int window = DEFAULT_WINDOW;
  private long maxBytesPerStream = DEFAULT_MAX_BYTES_PER_STREAM;
  private long firstSegmentWaitMillis = DEFAULT_FIRST_SEGMENT_WAIT_MILLIS;
  private int retainedAfterWindow = DEFAULT_RETAINED_AFTER_WINDOW;

  public HlsOptions() {}

  public HlsOptions(JsonObject json) {
    segmentMillis = json.getLong("segment_ms", segmentMillis);
    window = json.getInteger("window", window);
    maxBytesPerStream = json.getLong("max_bytes_per_stream", maxBytesPerStream);
    firstSegmentWaitMillis = json.getLong("first_segment_wait_ms", firstSegmentWaitMillis);
    retainedAfterWindow = json.getInteger("retained_after_window", retainedAfterWindow);
  }

  public JsonObject toJson() {
    return new JsonObject().put("segment_ms", segmentMillis).put("window", window)
        .put("max_bytes_per_stream", maxBytesPerStream).put("first_segment_wait_ms", firstSegmentWaitMillis)
        .put("retained_after_window", retainedAfterWindow);
  }

  public HlsOptions validate() {
    if (segmentMillis < MIN_SEGMENT_MILLIS || segmentMillis > 30_000) {
      throw new IllegalArgumentException("hls segment_ms must be between " + MIN_SEGMENT_MILLIS + " and 30000, got "
          + segmentMillis);
    }
    if (window < 3 || window > 100) {
      throw new IllegalArgumentException("hls window must be between 3 and 100 segments, got " + window);
    }
    if (maxBytesPerStream < 1024 * 1024) {
      throw new IllegalArgumentException("hls max_bytes_per_stream must be at least 1 MiB, got " + maxBytesPerStream);
    }
    if (firstSegmentWaitMillis < 100) {
      throw new IllegalArgumentException("hls first_segment_wait_ms must be at least 100, got " + firstSegmentWaitMillis);
    }
    if (retainedAfterWindow < 0) {
      throw new IllegalArgumentException("hls retained_after_window must not be negative, got " + retainedAfterWindow);
    }
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
}
