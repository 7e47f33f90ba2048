package dev.edgerelay.relay.channels;

import dev.edgerelay.relay.options.Check;
import io.vertx.core.json.JsonObject;

/** How the {@link ChannelDirectory} follows the platform's devices and channels. */
public final class DirectoryOptions {
  /** A new camera shows up within a minute; a 500-camera site costs the platform a few calls a minute. */
  public static final long DEFAULT_REFRESH_MILLIS = 60_000;
  /** More often than a second would load the platform for nothing: devices change at human speed. */
  public static final long MIN_REFRESH_MILLIS = 1_000;
  /** A day: less often and a removed camera lingers for too long. */
  public static final long MAX_REFRESH_MILLIS = 86_400_000;

  private long refreshMillis = DEFAULT_REFRESH_MILLIS;

  public DirectoryOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public DirectoryOptions(JsonObject json) {
    refreshMillis = json.getLong("refreshMillis", refreshMillis);
  }

  public JsonObject toJson() {
    return new JsonObject().put("refreshMillis", refreshMillis);
  }

  /** Checks every field; the ConfigException names the field and its allowed range. */
  public DirectoryOptions validate() {
    Check.range("refreshMillis", refreshMillis, MIN_REFRESH_MILLIS, MAX_REFRESH_MILLIS);
    return this;
  }

  public long refreshMillis() {
    return refreshMillis;
  }

  public DirectoryOptions setRefreshMillis(long refreshMillis) {
    this.refreshMillis = refreshMillis;
    return this;
  }
}
