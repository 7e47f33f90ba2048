package dev.edgerelay.relay.http;

import io.vertx.core.json.JsonObject;
import java.time.ZoneId;

/**
 * What {@code GET /edge/health} reports: ready or the start-up phase, where the platform is, how many members
 * the node's site has as it sees them (1 alone), the build's version and the zone the node reads and writes
 * wall-clock times in (video lists, rvod names, exports), which the console names beside every time it shows, and
 * whether the platform answered the last refresh of the channel directory.
 *
 * @param platformProblem why the platform was not reached the last time it was asked, or null when it answered
 */
public record NodeHealth(boolean ready, String phase, String nodeId, String platform, long uptimeMillis, int members,
    String version, ZoneId zone, String platformProblem) {
  /** A node alone: one member, a build without a version, the machine's zone, the platform answering. */
  public NodeHealth(boolean ready, String phase, String nodeId, String platform, long uptimeMillis) {
    this(ready, phase, nodeId, platform, uptimeMillis, 1, "dev", ZoneId.systemDefault(), null);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("status", ready ? "up" : "starting")
        .put("phase", phase)
        .put("node_id", nodeId)
        .put("platform", platform)
        .put("uptime_s", uptimeMillis / 1000)
        .put("members", members)
        .put("version", version)
        .put("zone", zone.getId())
        .put("platform_reachable", platformProblem == null)
        .put("platform_problem", platformProblem);
  }
}
