package dev.edgerelay.relay.http;

import io.vertx.core.json.JsonObject;

/**
 * What {@code GET /edge/health} reports: ready or the start-up phase, where the platform is, and how many members
 * the node's site has as it sees them (1 alone).
 */
public record NodeHealth(boolean ready, String phase, String nodeId, String platform, long uptimeMillis, int members) {
  /** A node alone: one member. */
  public NodeHealth(boolean ready, String phase, String nodeId, String platform, long uptimeMillis) {
    this(ready, phase, nodeId, platform, uptimeMillis, 1);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("status", ready ? "up" : "starting")
        .put("phase", phase)
        .put("node_id", nodeId)
        .put("platform", platform)
        .put("uptime_s", uptimeMillis / 1000)
        .put("members", members);
  }
}
