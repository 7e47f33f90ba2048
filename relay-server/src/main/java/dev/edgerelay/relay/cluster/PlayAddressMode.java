package dev.edgerelay.relay.cluster;

/** Which node's address {@code play_address} answers (spec 4.1) on a site of several nodes. */
public enum PlayAddressMode {
  /** The origin node of the channel: viewers go straight to the node that runs it. */
  OWNER,
  /** This node, whatever the origin: for sites that reach the nodes through one virtual IP. */
  SELF;

  public String wireName() {
    return WireEnum.wireName(this);
  }
}
