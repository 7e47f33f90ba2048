package dev.edgerelay.relay.cluster.live;

import dev.edgerelay.relay.cluster.Origin;
import dev.edgerelay.relay.cluster.Ownership;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.rtmp.LanRtmpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What this node says about channels whose origin may be another node (docs/architecture.md, "Cluster: live
 * path"): the address play_address names, whether a relay play is admitted here, and each channel's origin and
 * relays in {@code /edge/channels}. Reads the ownership's current view only; never blocks.
 */
public final class ForeignChannels {
  private final Ownership ownership;
  private final LivePathOptions livePath;

  public ForeignChannels(Ownership ownership, LivePathOptions livePath) {
    this.ownership = ownership;
    this.livePath = livePath;
  }

  /** The node play_address names for {@code key}: the origin's, unless this node answers its own (or knows no other). */
  public NodeAddress playAddressNode(StreamKey key, NodeAddress self) {
    if (livePath.playAddressSelf()) {
      return self;
    }
    Origin origin = ownership.originOf(key);
    return origin.local() || origin.address() == null ? self : origin.address();
  }

  /** Null when a relay play of {@code key} is admitted; else why not: only the origin admits relays, so they never chain or loop. */
  public String refuseRelay(StreamKey key, String fromNode) {
    Origin origin = ownership.originOf(key);
    return origin.local() ? null : "node " + ownership.selfName() + " is not the origin of " + key + " (node "
        + origin.node() + " is): relay from node " + origin.node();
  }

  /** {@code key}'s origin node and, when this node is it, the peers relaying it; relays are not viewers. */
  public JsonObject facts(StreamKey key, LanRtmpServer lanRtmp) {
    return new JsonObject().put("origin", ownership.originOf(key).node())
        .put("relays", new JsonArray(lanRtmp.relays(key))).put("rtmp_viewers", lanRtmp.viewers(key));
  }
}
