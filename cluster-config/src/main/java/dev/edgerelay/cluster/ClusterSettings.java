package dev.edgerelay.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * What the node's options say over any Hazelcast file (docs/architecture.md, "Cluster"): the site's name, the
 * member port, the members to join, the interface, the heartbeat timeout, and the node's stable name as a member
 * attribute (Hazelcast's member id changes at every start; the name does not).
 *
 * @param clusterName only members with the same name form a site
 * @param host the interface to bind and announce; empty: the file's (or Hazelcast's) choice
 * @param port the member port
 * @param members {@code host:port} members to join over TCP/IP; empty: the file's
 * @param heartbeatTimeoutMs a member silent this long is dropped (Hazelcast counts whole seconds: rounded up)
 * @param nodeName this node's stable name
 */
public record ClusterSettings(String clusterName, String host, int port, List<String> members, long heartbeatTimeoutMs,
    String nodeName) {
  /** The member attribute carrying the node's stable name. */
  public static final String NODE_NAME_ATTRIBUTE = "edge.node";
  static final String MAX_NO_HEARTBEAT_PROPERTY = "hazelcast.max.no.heartbeat.seconds";

  public ClusterSettings {
    members = List.copyOf(members);
  }

  /**
   * Writes these settings into {@code config} and returns it.
   *
   * @throws IllegalArgumentException when {@link #host()} does not resolve to an address
   */
  public Config applyTo(Config config) {
    config.setClusterName(clusterName);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port);
    if (!host.isBlank()) {
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(address(host)));
    }
    if (!members.isEmpty()) {
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(members);
    }
    config.setProperty(MAX_NO_HEARTBEAT_PROPERTY, String.valueOf(Math.max(1, (heartbeatTimeoutMs + 999) / 1000)));
    config.getMemberAttributeConfig().setAttribute(NODE_NAME_ATTRIBUTE, nodeName);
    return config;
  }

  /** Hazelcast's interface list takes addresses, not names. */
  private static String address(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cluster host " + host + " does not resolve: give this node's LAN address", e);
    }
  }
}
