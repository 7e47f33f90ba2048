package dev.edgerelay.relay.http;

import io.vertx.core.json.JsonObject;

/** What {@code GET /edge/health} reports: ready or the start-up phase, and where the platform is. */
public record NodeHealth(boolean ready, String phase, String nodeId, String platform, long uptimeMillis) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("status", ready ? "up" : "starting")
        .put("phase", phase)
        .put("node_id", nodeId)
        .put("platform", platform)
        .put("uptime_s", uptimeMillis / 1000);
  }
}
