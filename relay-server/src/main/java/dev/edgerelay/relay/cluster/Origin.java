package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.http.NodeAddress;

/**
 * The node running a channel's origin: its name, where its HTTP API and LAN RTMP listen, and whether it is
 * this node.
 */
public record Origin(String node, NodeAddress address, boolean local) {
}
