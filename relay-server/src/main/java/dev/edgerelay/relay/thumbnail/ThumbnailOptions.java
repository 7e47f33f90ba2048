package dev.edgerelay.relay.thumbnail;

import io.vertx.core.json.JsonObject;

/** Live thumbnail settings (issue 8): worker pool, waiting queue, cache age and size, cold-start deadline. */
public final class ThumbnailOptions {
  /** Decoding threads: each holds its own decoder and encoder; two keep a 2-core node responsive. */
  public static final int DEFAULT_WORKERS = 2;
  /** Requests that may wait for a worker; past it a request is refused at once ("pool busy, retry"). */
  public static final int DEFAULT_QUEUE = 32;
  /** An image younger than this is served again instead of decoding a new keyframe. */
  public static final long DEFAULT_MAX_AGE_MILLIS = 5_000;
  /** How long a request on a cold channel waits for its first keyframe before answering 503. */
  public static final long DEFAULT_COLD_WAIT_MILLIS = 10_000;
  /** Images kept, one per (channel, width): enough for every channel at a few widths. */
  public static final int DEFAULT_MAX_CACHED = 512;
  /** How often a cold request looks for the channel's first keyframe. */
  public static final long DEFAULT_KEYFRAME_POLL_MILLIS = 50;
  /** Width limits of the {@code width} parameter; even because 4:2:0 chroma halves it. */
  public static final int MIN_WIDTH = 16;
  public static final int MAX_WIDTH = 1920;

  private int workers = DEFAULT_WORKERS;
  private int queue = DEFAULT_QUEUE;
  private long maxAgeMillis = DEFAULT_MAX_AGE_MILLIS;
  private long coldWaitMillis = DEFAULT_COLD_WAIT_MILLIS;
  private int maxCached = DEFAULT_MAX_CACHED;
  private long keyframePollMillis = DEFAULT_KEYFRAME_POLL_MILLIS;

  public ThumbnailOptions() {}

  public ThumbnailOptions(JsonObject json) {
    workers = json.getInteger("workers", workers);
    queue = json.getInteger("queue", queue);
    maxAgeMillis = json.getLong("max_age_ms", maxAgeMillis);
    coldWaitMillis = json.getLong("cold_wait_ms", coldWaitMillis);
    maxCached = json.getInteger("max_cached", maxCached);
    keyframePollMillis = json.getLong("keyframe_poll_ms", keyframePollMillis);
  }

  public JsonObject toJson() {
    return new JsonObject().put("workers", workers).put("queue", queue).put("max_age_ms", maxAgeMillis)
        .put("cold_wait_ms", coldWaitMillis).put("max_cached", maxCached).put("keyframe_poll_ms", keyframePollMillis);
  }

  /** Checks every field; the message names the field and its allowed range. */
  public ThumbnailOptions validate() {
    check("workers", workers, 1, 64);
    check("queue", queue, 0, 10_000);
    check("max_age_ms", maxAgeMillis, 0, 3_600_000);
    check("cold_wait_ms", coldWaitMillis, 100, 120_000);
    check("max_cached", maxCached, 1, 100_000);
    check("keyframe_poll_ms", keyframePollMillis, 1, 1_000);
    return this;
  }

  private static void check(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("thumbnail " + name + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  /** Null when {@code width} is 0 (the picture's own) or allowed; otherwise the sentence to answer with. */
  public static String widthProblem(int width) {
    if (width == 0 || (width >= MIN_WIDTH && width <= MAX_WIDTH && width % 2 == 0)) {
      return null;
    }
    return "width must be an even number of pixels from " + MIN_WIDTH + " to " + MAX_WIDTH + ", got " + width;
  }

  public int workers() {
    return workers;
  }

  public ThumbnailOptions setWorkers(int workers) {
    this.workers = workers;
    return this;
  }

  public int queue() {
    return queue;
  }

  public ThumbnailOptions setQueue(int queue) {
    this.queue = queue;
    return this;
  }

  public long maxAgeMillis() {
    return maxAgeMillis;
  }

  public ThumbnailOptions setMaxAgeMillis(long maxAgeMillis) {
    this.maxAgeMillis = maxAgeMillis;
    return this;
  }

  public long coldWaitMillis() {
    return coldWaitMillis;
  }

  public ThumbnailOptions setColdWaitMillis(long coldWaitMillis) {
    this.coldWaitMillis = coldWaitMillis;
    return this;
  }

  public int maxCached() {
    return maxCached;
  }

  public ThumbnailOptions setMaxCached(int maxCached) {
    this.maxCached = maxCached;
    return this;
  }

  public long keyframePollMillis() {
    return keyframePollMillis;
  }

  public ThumbnailOptions setKeyframePollMillis(long keyframePollMillis) {
    this.keyframePollMillis = keyframePollMillis;
    return this;
  }
}
