package dev.edgerelay.relay.cluster;

import java.util.List;

/**
 * What a node reports in its {@code edge.nodes} record beyond its claims: the channels it relays from other nodes'
 * origins, its upload outbox and its disk. A dead node's last report tells the survivors what it left behind
 * (docs/architecture.md, "Cluster: a dead node's outbox").
 *
 * @param relays channels ({@code dev-ch}) it relays from another node's origin, sorted
 * @param outboxOldestMillis when its oldest pending upload was queued (epoch ms), 0 when none is pending
 */
public record NodeLoad(List<String> relays, long outboxPending, long outboxInFlight, long outboxParked,
    long outboxOldestMillis, long diskUsedBytes, long diskFreeBytes) {
  public static final NodeLoad UNKNOWN = new NodeLoad(List.of(), 0, 0, 0, 0, 0, 0);

  public NodeLoad {
    relays = List.copyOf(relays);
  }

  /** Uploads its outbox still holds: pending, in flight and parked; for a dead node, its stranded uploads. */
  public long outboxHeld() {
    return outboxPending + outboxInFlight + outboxParked;
  }
}
