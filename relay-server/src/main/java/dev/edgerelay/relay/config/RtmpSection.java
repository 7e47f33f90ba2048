package dev.edgerelay.relay.config;

import dev.edgerelay.media.rtmp.RtmpConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The {@code rtmp} object of the node's JSON, read into media's {@link RtmpConfig} (media knows no JSON): the
 * limits a stranger on the RTMP port meets (docs/architecture.md, bounds against a stranger on the LAN).
 * Absent keys keep the config's defaults.
 */
final class RtmpSection {
  /** Shorter than this, a slow but honest client on a busy LAN is cut off before it speaks. */
  static final long MIN_DEADLINE_MILLIS = 100;
  /** Longer than an hour, a deadline no longer bounds what an idle connection costs. */
  static final long MAX_DEADLINE_MILLIS = 3_600_000;

  private RtmpSection() {}

  static RtmpConfig read(JsonObject json) {
    RtmpConfig config = RtmpConfig.defaults();
    return config
        .setMaxConnectionBufferedBytes(json.getInteger("maxConnectionBufferedBytes", config.maxConnectionBufferedBytes()))
        .setMaxServerBufferedBytes(json.getInteger("maxServerBufferedBytes", config.maxServerBufferedBytes()))
        .setCommandTimeout(Duration.ofMillis(json.getLong("commandTimeoutMillis", config.commandTimeout().toMillis())))
        .setIdleTimeout(Duration.ofMillis(json.getLong("idleTimeoutMillis", config.idleTimeout().toMillis())));
  }

  static JsonObject toJson(RtmpConfig config) {
    return new JsonObject().put("maxConnectionBufferedBytes", config.maxConnectionBufferedBytes())
        .put("maxServerBufferedBytes", config.maxServerBufferedBytes())
        .put("commandTimeoutMillis", config.commandTimeout().toMillis())
        .put("idleTimeoutMillis", config.idleTimeout().toMillis());
  }
}
