package dev.edgerelay.relay.pull;

import io.vertx.core.json.JsonObject;

/** Timings of a {@link PullSession} (issue 5): reconnect backoff, media watchdog, token lifetime. */
public final class PullOptions {
  public static final long DEFAULT_INITIAL_BACKOFF_MILLIS = 1_000;
  public static final long DEFAULT_MAX_BACKOFF_MILLIS = 30_000;
  /** Media must flow this long before the backoff starts again from its initial value. */
  public static final long DEFAULT_HEALTHY_RESET_MILLIS = 60_000;
  /** No media for this long on an open connection: reconnect. */
  public static final long DEFAULT_WATCHDOG_MILLIS = 10_000;
  /** The token lifetime asked of play_address ({@code timeout}, spec 4.1). */
  public static final long DEFAULT_TOKEN_LIFETIME_MILLIS = 3_600_000;
  /** A cached token with less than this left is replaced before connecting. */
  public static final long DEFAULT_TOKEN_REFRESH_MARGIN_MILLIS = 60_000;
  /** Spread of each backoff pause, +/- this fraction, so 500 cameras do not reconnect in lockstep. */
  public static final double JITTER = 0.2;

  private long initialBackoffMillis = DEFAULT_INITIAL_BACKOFF_MILLIS;
  private long maxBackoffMillis = DEFAULT_MAX_BACKOFF_MILLIS;
  private long healthyResetMillis = DEFAULT_HEALTHY_RESET_MILLIS;
  private long watchdogMillis = DEFAULT_WATCHDOG_MILLIS;
  private long tokenLifetimeMillis = DEFAULT_TOKEN_LIFETIME_MILLIS;
  private long tokenRefreshMarginMillis = DEFAULT_TOKEN_REFRESH_MARGIN_MILLIS;

  public PullOptions() {}

  public PullOptions(JsonObject json) {
    initialBackoffMillis = json.getLong("initial_backoff_ms", initialBackoffMillis);
    maxBackoffMillis = json.getLong("max_backoff_ms", maxBackoffMillis);
    healthyResetMillis = json.getLong("healthy_reset_ms", healthyResetMillis);
    watchdogMillis = json.getLong("watchdog_ms", watchdogMillis);
    tokenLifetimeMillis = json.getLong("token_lifetime_ms", tokenLifetimeMillis);
    tokenRefreshMarginMillis = json.getLong("token_refresh_margin_ms", tokenRefreshMarginMillis);
  }

  public JsonObject toJson() {
    return new JsonObject().put("initial_backoff_ms", initialBackoffMillis).put("max_backoff_ms", maxBackoffMillis)
        .put("healthy_reset_ms", healthyResetMillis).put("watchdog_ms", watchdogMillis)
        .put("token_lifetime_ms", tokenLifetimeMillis).put("token_refresh_margin_ms", tokenRefreshMarginMillis);
  }

  public PullOptions validate() {
    if (initialBackoffMillis < 10 || maxBackoffMillis < initialBackoffMillis) {
      throw new IllegalArgumentException("pull initial_backoff_ms must be at least 10 and at most max_backoff_ms, got "
          + initialBackoffMillis + " and " + maxBackoffMillis);
    }
    if (watchdogMillis < 100) {
      throw new IllegalArgumentException("pull watchdog_ms must be at least 100, got " + watchdogMillis);
    }
    if (tokenLifetimeMillis < 1_000) {
      throw new IllegalArgumentException("pull token_lifetime_ms must be at least 1000, got " + tokenLifetimeMillis);
    }
    return this;
  }

  public long initialBackoffMillis() {
    return initialBackoffMillis;
  }

  public PullOptions setInitialBackoffMillis(long v) {
    initialBackoffMillis = v;
    return this;
  }

  public long maxBackoffMillis() {
    return maxBackoffMillis;
  }

  public PullOptions setMaxBackoffMillis(long v) {
    maxBackoffMillis = v;
    return this;
  }

  public long healthyResetMillis() {
    return healthyResetMillis;
  }

  public PullOptions setHealthyResetMillis(long v) {
    healthyResetMillis = v;
    return this;
  }

  public long watchdogMillis() {
    return watchdogMillis;
  }

  public PullOptions setWatchdogMillis(long v) {
    watchdogMillis = v;
    return this;
  }

  public long tokenLifetimeMillis() {
    return tokenLifetimeMillis;
  }

  public PullOptions setTokenLifetimeMillis(long v) {
    tokenLifetimeMillis = v;
    return this;
  }

  public long tokenRefreshMarginMillis() {
    return tokenRefreshMarginMillis;
  }

  public PullOptions setTokenRefreshMarginMillis(long v) {
    tokenRefreshMarginMillis = v;
    return this;
  }
}
