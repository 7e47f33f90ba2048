package dev.edgerelay.relay.cluster;

import io.vertx.core.json.JsonObject;

/**
 * One entry of the replicated map {@code edge.streams}: channel {@code dev-ch} to the node running its origin,
 * what feeds it there, and since when (epoch ms). Written by that node; a takeover overwrites it.
 */
public record StreamClaim(String node, OriginKind kind, long since) {
  public String encode() {
    return new JsonObject().put("node", node).put("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
        .put("since", since).encode();
  }

  public static StreamClaim decode(String text) {
    JsonObject json = new JsonObject(text);
    return new StreamClaim(json.getString("node", ""),
        OriginKind.valueOf(json.getString("kind", "pull").toUpperCase(java.util.Locale.ROOT)), json.getLong("since", 0L));
  }
}
