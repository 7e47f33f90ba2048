package dev.edgerelay.relay.cluster;

/** How the nodes of a site find each other: a list of members over TCP, or multicast on the LAN. */
public enum ClusterJoin {
  /** The members named by {@code --cluster-members}: works on every LAN, including those that drop multicast. */
  TCP,
  MULTICAST;

  public String wireName() {
    return WireEnum.wireName(this);
  }
}
