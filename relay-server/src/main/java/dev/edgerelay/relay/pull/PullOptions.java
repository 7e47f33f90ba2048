package dev.edgerelay.relay.pull;

import dev.edgerelay.relay.options.Check;
import io.vertx.core.json.JsonObject;

/**
 * Timings of a {@link PullSession}: reconnect backoff, media watchdog, token lifetime. The backoff counts only
 * consecutive attempts that delivered no media ({@link Backoff}); a session that delivered media and then
 * dropped reconnects at once, so there is no healthy-run reset to configure.
 */
public final class PullOptions {
  public static final long DEFAULT_INITIAL_BACKOFF_MILLIS = 1_000;
  public static final long DEFAULT_MAX_BACKOFF_MILLIS = 30_000;
  /** No media for this long on an open connection: reconnect. */
  public static final long DEFAULT_WATCHDOG_MILLIS = 10_000;
  /** The token lifetime asked of play_address ({@code timeout}, spec 4.1). */
  public static final long DEFAULT_TOKEN_LIFETIME_MILLIS = 3_600_000;
  /** A cached token with less than this left is replaced before connecting. */
  public static final long DEFAULT_TOKEN_REFRESH_MARGIN_MILLIS = 60_000;
  /** Spread of each backoff pause, +/- this fraction, so 500 cameras do not reconnect in lockstep. */
  public static final double JITTER = 0.2;
  /** A shorter pause is a busy loop against an origin that refuses us. */
  public static final long MIN_BACKOFF_MILLIS = 10;
  /** A camera sends a keyframe at least every few seconds; less than this and a slow start looks dead. */
  public static final long MIN_WATCHDOG_MILLIS = 100;
  /** The platform rounds token lifetimes to seconds. */
  public static final long MIN_TOKEN_LIFETIME_MILLIS = 1_000;

  private long initialBackoffMillis = DEFAULT_INITIAL_BACKOFF_MILLIS;
  private long maxBackoffMillis = DEFAULT_MAX_BACKOFF_MILLIS;
  private long watchdogMillis = DEFAULT_WATCHDOG_MILLIS;
  private long tokenLifetimeMillis = DEFAULT_TOKEN_LIFETIME_MILLIS;
  private long tokenRefreshMarginMillis = DEFAULT_TOKEN_REFRESH_MARGIN_MILLIS;

  public PullOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public PullOptions(JsonObject json) {
    initialBackoffMillis = json.getLong("initialBackoffMillis", initialBackoffMillis);
    maxBackoffMillis = json.getLong("maxBackoffMillis", maxBackoffMillis);
    watchdogMillis = json.getLong("watchdogMillis", watchdogMillis);
    tokenLifetimeMillis = json.getLong("tokenLifetimeMillis", tokenLifetimeMillis);
    tokenRefreshMarginMillis = json.getLong("tokenRefreshMarginMillis", tokenRefreshMarginMillis);
  }

  public JsonObject toJson() {
    return new JsonObject().put("initialBackoffMillis", initialBackoffMillis).put("maxBackoffMillis", maxBackoffMillis)
        .put("watchdogMillis", watchdogMillis)
        .put("tokenLifetimeMillis", tokenLifetimeMillis).put("tokenRefreshMarginMillis", tokenRefreshMarginMillis);
  }

  /** Checks every field; the ConfigException names the field and its allowed range. */
  public PullOptions validate() {
    Check.range("initialBackoffMillis", initialBackoffMillis, MIN_BACKOFF_MILLIS, maxBackoffMillis);
    Check.range("watchdogMillis", watchdogMillis, MIN_WATCHDOG_MILLIS, Long.MAX_VALUE);
    Check.range("tokenLifetimeMillis", tokenLifetimeMillis, MIN_TOKEN_LIFETIME_MILLIS, Long.MAX_VALUE);
    Check.range("tokenRefreshMarginMillis", tokenRefreshMarginMillis, 0, Long.MAX_VALUE);
    return this;
  }
  public long initialBackoffMillis() {
    return initialBackoffMillis;
  }

  public PullOptions setInitialBackoffMillis(long initialBackoffMillis) {
    this.initialBackoffMillis = initialBackoffMillis;
    return this;
  }

  public long maxBackoffMillis() {
    return maxBackoffMillis;
  }

  public PullOptions setMaxBackoffMillis(long maxBackoffMillis) {
    this.maxBackoffMillis = maxBackoffMillis;
    return this;
  }

  public long watchdogMillis() {
    return watchdogMillis;
  }

  public PullOptions setWatchdogMillis(long watchdogMillis) {
    this.watchdogMillis = watchdogMillis;
    return this;
  }

  public long tokenLifetimeMillis() {
    return tokenLifetimeMillis;
  }

  public PullOptions setTokenLifetimeMillis(long tokenLifetimeMillis) {
    this.tokenLifetimeMillis = tokenLifetimeMillis;
    return this;
  }

  public long tokenRefreshMarginMillis() {
    return tokenRefreshMarginMillis;
  }

  public PullOptions setTokenRefreshMarginMillis(long tokenRefreshMarginMillis) {
    this.tokenRefreshMarginMillis = tokenRefreshMarginMillis;
    return this;
  }
}
