package dev.edgerelay.relay.thumbnail;

import dev.edgerelay.relay.options.Check;
import io.vertx.core.json.JsonObject;

/** Live thumbnail settings: worker pool, waiting queue, cache age and size, cold-start deadline. */
public final class ThumbnailOptions {
  /** Decoding threads: each holds its own decoder and encoder; two keep a 2-core node responsive. */
  public static final int DEFAULT_WORKERS = 2;
  /** Each worker holds a decoder and an encoder; more than this is memory no edge box has. */
  public static final int MAX_WORKERS = 64;
  /** Requests that may wait for a worker; past it a request is refused at once ("pool busy, retry"). */
  public static final int DEFAULT_QUEUE = 32;
  public static final int MAX_QUEUE = 10_000;
  /** An image younger than this is served again instead of decoding a new keyframe. */
  public static final long DEFAULT_MAX_AGE_MILLIS = 5_000;
  /** An hour-old live thumbnail is no longer live. */
  public static final long MAX_MAX_AGE_MILLIS = 3_600_000;
  /** How long a request on a cold channel waits for its first keyframe before answering 503. */
  public static final long DEFAULT_COLD_WAIT_MILLIS = 10_000;
  /** Less than this and no camera can deliver its first keyframe; more and the HTTP client gave up long ago. */
  public static final long MIN_COLD_WAIT_MILLIS = 100;
  public static final long MAX_COLD_WAIT_MILLIS = 120_000;
  /** Images kept, one per (channel, width): enough for every channel at a few widths. */
  public static final int DEFAULT_MAX_CACHED = 512;
  public static final int MAX_MAX_CACHED = 100_000;
  /** How often a cold request looks for the channel's first keyframe. */
  public static final long DEFAULT_KEYFRAME_POLL_MILLIS = 50;
  public static final long MAX_KEYFRAME_POLL_MILLIS = 1_000;
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

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public ThumbnailOptions(JsonObject json) {
    workers = json.getInteger("workers", workers);
    queue = json.getInteger("queue", queue);
    maxAgeMillis = json.getLong("maxAgeMillis", maxAgeMillis);
    coldWaitMillis = json.getLong("coldWaitMillis", coldWaitMillis);
    maxCached = json.getInteger("maxCached", maxCached);
    keyframePollMillis = json.getLong("keyframePollMillis", keyframePollMillis);
  }

  public JsonObject toJson() {
    return new JsonObject().put("workers", workers).put("queue", queue).put("maxAgeMillis", maxAgeMillis)
        .put("coldWaitMillis", coldWaitMillis).put("maxCached", maxCached).put("keyframePollMillis", keyframePollMillis);
  }

  /** Checks every field; the ConfigException names the field and its allowed range. */
  public ThumbnailOptions validate() {
    Check.range("workers", workers, 1, MAX_WORKERS);
    Check.range("queue", queue, 0, MAX_QUEUE);
    Check.range("maxAgeMillis", maxAgeMillis, 0, MAX_MAX_AGE_MILLIS);
    Check.range("coldWaitMillis", coldWaitMillis, MIN_COLD_WAIT_MILLIS, MAX_COLD_WAIT_MILLIS);
    Check.range("maxCached", maxCached, 1, MAX_MAX_CACHED);
    Check.range("keyframePollMillis", keyframePollMillis, 1, MAX_KEYFRAME_POLL_MILLIS);
    return this;
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
