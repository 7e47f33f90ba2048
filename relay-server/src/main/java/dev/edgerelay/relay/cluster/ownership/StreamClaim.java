package dev.edgerelay.relay.cluster.ownership;

import java.util.Objects;

/** The node currently running a channel's origin, from the shared {@code edge.streams} map, and since when. */
public record StreamClaim(String node, OriginKind kind, long sinceMillis) {
  public StreamClaim {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(kind, "kind");
  }
}
