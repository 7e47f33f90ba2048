package dev.edgerelay.relay.cluster.ownership;

/** What feeds a channel at its origin: the platform's RTMP (a pull) or a LAN camera publishing to the node. */
public enum OriginKind {
  PULL,
  LAN_PUBLISH
}
