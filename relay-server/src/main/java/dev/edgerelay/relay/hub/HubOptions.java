package dev.edgerelay.relay.hub;

import dev.edgerelay.media.stream.GopLimits;
import dev.edgerelay.media.stream.ReaderLimits;
import io.vertx.core.json.JsonObject;

/** Bounds and timings of the {@link StreamHub}. */
public final class HubOptions {
  /** How long a stream nobody asked for keeps running (spec 4.2 preload allows at most 120 s). */
  public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 30_000;
  /** The longest idle time a client may ask for (spec 4.2: idle_time at most 120 s). */
  public static final long MAX_IDLE_TIMEOUT_MILLIS = 120_000;
  /** Streams open at once; past it new channels are refused with a clear error, not an OOM. */
  public static final int DEFAULT_MAX_STREAMS = 1_000;
  /** How often idle streams are looked for. */
  public static final long DEFAULT_SWEEP_INTERVAL_MILLIS = 1_000;

  private long idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
  private int maxStreams = DEFAULT_MAX_STREAMS;
  private long sweepIntervalMillis = DEFAULT_SWEEP_INTERVAL_MILLIS;
  private ReaderLimits readerLimits = ReaderLimits.DEFAULT;
  private GopLimits gopLimits = GopLimits.DEFAULT;

  public HubOptions() {}

  public HubOptions(JsonObject json) {
    idleTimeoutMillis = json.getLong("idle_timeout_ms", idleTimeoutMillis);
    maxStreams = json.getInteger("max_streams", maxStreams);
    sweepIntervalMillis = json.getLong("sweep_interval_ms", sweepIntervalMillis);
    readerLimits = new ReaderLimits(json.getInteger("reader_max_units", readerLimits.maxUnits()),
        json.getLong("reader_max_bytes", readerLimits.maxBytes()));
    gopLimits = new GopLimits(json.getInteger("gop_max_units", gopLimits.maxUnits()),
        json.getLong("gop_max_bytes", gopLimits.maxBytes()));
  }

  public JsonObject toJson() {
    return new JsonObject().put("idle_timeout_ms", idleTimeoutMillis).put("max_streams", maxStreams)
        .put("sweep_interval_ms", sweepIntervalMillis).put("reader_max_units", readerLimits.maxUnits())
        .put("reader_max_bytes", readerLimits.maxBytes())
        .put("gop_max_units", gopLimits.maxUnits()).put("gop_max_bytes", gopLimits.maxBytes());
  }

  public HubOptions validate() {
    if (idleTimeoutMillis < 100 || idleTimeoutMillis > MAX_IDLE_TIMEOUT_MILLIS) {
      throw new IllegalArgumentException("hub idle_timeout_ms must be between 100 and " + MAX_IDLE_TIMEOUT_MILLIS
          + ", got " + idleTimeoutMillis);
    }
    if (maxStreams < 1) {
      throw new IllegalArgumentException("hub max_streams must be at least 1, got " + maxStreams);
    }
    if (sweepIntervalMillis < 10) {
      throw new IllegalArgumentException("hub sweep_interval_ms must be at least 10, got " + sweepIntervalMillis);
    }
    return this;
  }

  public long idleTimeoutMillis() {
    return idleTimeoutMillis;
  }

  public HubOptions setIdleTimeoutMillis(long idleTimeoutMillis) {
    this.idleTimeoutMillis = idleTimeoutMillis;
    return this;
  }

  public int maxStreams() {
    return maxStreams;
  }

  public HubOptions setMaxStreams(int maxStreams) {
    this.maxStreams = maxStreams;
    return this;
  }

  public long sweepIntervalMillis() {
    return sweepIntervalMillis;
  }

  public HubOptions setSweepIntervalMillis(long sweepIntervalMillis) {
    this.sweepIntervalMillis = sweepIntervalMillis;
    return this;
  }

  public ReaderLimits readerLimits() {
    return readerLimits;
  }

  public HubOptions setReaderLimits(ReaderLimits readerLimits) {
    this.readerLimits = readerLimits;
    return this;
  }

  /** The bound on each stream's keyframe cache (the current GOP). */
  public GopLimits gopLimits() {
    return gopLimits;
  }

  public HubOptions setGopLimits(GopLimits gopLimits) {
    this.gopLimits = gopLimits;
    return this;
  }
}
