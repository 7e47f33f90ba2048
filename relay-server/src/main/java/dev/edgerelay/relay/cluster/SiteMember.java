package dev.edgerelay.relay.cluster;

/**
 * A live Hazelcast member carrying a node name, in the site's join order (oldest first).
 *
 * @param uuid Hazelcast's member id, new at every start
 * @param local true for this node
 */
public record SiteMember(String name, String uuid, boolean local) {
}
