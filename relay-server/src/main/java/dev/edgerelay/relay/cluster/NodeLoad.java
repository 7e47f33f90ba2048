package dev.edgerelay.relay.cluster;

/** The load figures a node publishes in its {@code edge.nodes} record: its upload outbox and its disk. */
public record NodeLoad(long outboxPending, long outboxParked, long diskUsedBytes, long diskFreeBytes) {
  public static final NodeLoad UNKNOWN = new NodeLoad(0, 0, 0, 0);
}
