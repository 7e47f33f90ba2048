package dev.edgerelay.relay.hub;

import dev.edgerelay.media.stream.GopLimits;
import dev.edgerelay.media.stream.ReaderLimits;
import dev.edgerelay.relay.options.Check;
import io.vertx.core.json.JsonObject;

/** Bounds and timings of the {@link StreamHub}. */
public final class HubOptions {
  /** How long a stream nobody asked for keeps running (spec 4.2 preload allows at most 120 s). */
  public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 30_000;
  /** Shorter than this, a player's reconnect or a playlist poll finds its stream already gone. */
  public static final long MIN_IDLE_TIMEOUT_MILLIS = 100;
  /** The longest idle time a client may ask for (spec 4.2: idle_time at most 120 s). */
  public static final long MAX_IDLE_TIMEOUT_MILLIS = 120_000;
  /** Streams open at once; past it new channels are refused with a clear error, not an OOM. */
  public static final int DEFAULT_MAX_STREAMS = 1_000;
  /** How often idle streams are looked for. */
  public static final long DEFAULT_SWEEP_INTERVAL_MILLIS = 1_000;
  /** More often than this the sweep is all the event loop does. */
  public static final long MIN_SWEEP_INTERVAL_MILLIS = 10;

  private long idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
  private int maxStreams = DEFAULT_MAX_STREAMS;
  private long sweepIntervalMillis = DEFAULT_SWEEP_INTERVAL_MILLIS;
  private ReaderLimits readerLimits = ReaderLimits.DEFAULT;
  private GopLimits gopLimits = GopLimits.ONCE_ASKED;

  public HubOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public HubOptions(JsonObject json) {
    idleTimeoutMillis = json.getLong("idleTimeoutMillis", idleTimeoutMillis);
    maxStreams = json.getInteger("maxStreams", maxStreams);
    sweepIntervalMillis = json.getLong("sweepIntervalMillis", sweepIntervalMillis);
    readerLimits = new ReaderLimits(json.getInteger("readerMaxUnits", readerLimits.maxUnits()),
        json.getLong("readerMaxBytes", readerLimits.maxBytes()));
    gopLimits = new GopLimits(json.getInteger("gopMaxUnits", gopLimits.maxUnits()),
        json.getLong("gopMaxBytes", gopLimits.maxBytes()), json.getBoolean("gopOnceAsked", gopLimits.onceAsked()));
  }

  public JsonObject toJson() {
    return new JsonObject().put("idleTimeoutMillis", idleTimeoutMillis).put("maxStreams", maxStreams)
        .put("sweepIntervalMillis", sweepIntervalMillis).put("readerMaxUnits", readerLimits.maxUnits())
        .put("readerMaxBytes", readerLimits.maxBytes())
        .put("gopMaxUnits", gopLimits.maxUnits()).put("gopMaxBytes", gopLimits.maxBytes())
        .put("gopOnceAsked", gopLimits.onceAsked());
  }

  /** Checks every field; the ConfigException names the field and its allowed range. */
  public HubOptions validate() {
    Check.range("idleTimeoutMillis", idleTimeoutMillis, MIN_IDLE_TIMEOUT_MILLIS, MAX_IDLE_TIMEOUT_MILLIS);
    Check.range("maxStreams", maxStreams, 1, Integer.MAX_VALUE);
    Check.range("sweepIntervalMillis", sweepIntervalMillis, MIN_SWEEP_INTERVAL_MILLIS, Long.MAX_VALUE);
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
