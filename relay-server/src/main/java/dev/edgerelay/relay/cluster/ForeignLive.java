package dev.edgerelay.relay.cluster;

/**
 * What a node does for a live viewer (HLS playlist or segment) of a channel whose origin is another node
 * (docs/architecture.md, "Cluster"): serve it here through a relay from the origin, or answer 302 to the origin.
 */
public enum ForeignLive {
  /** Serve here through a relay: the default, since several players mishandle segment URLs after a 302. */
  RELAY,
  /** Answer 302 to the origin node for the playlist and its segments. */
  REDIRECT;

  public String wireName() {
    return WireEnum.wireName(this);
  }
}
