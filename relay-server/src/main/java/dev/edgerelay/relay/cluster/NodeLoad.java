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
  /**
   * The disk figures' step. A record equal to the last one written is not written again (docs/architecture.md,
   * "Cluster"); in bytes, anything written anywhere on the volume (a log line) changed it, and an idle site rewrote
   * every node's record and re-read its whole state on every member every few seconds.
   */
  public static final long DISK_STEP_BYTES = 1L << 20;

  /** {@code diskUsedBytes} and {@code diskFreeBytes} are rounded down to whole {@link #DISK_STEP_BYTES}. */
  public NodeLoad {
    relays = List.copyOf(relays);
    diskUsedBytes = diskUsedBytes - Math.floorMod(diskUsedBytes, DISK_STEP_BYTES);
    diskFreeBytes = diskFreeBytes - Math.floorMod(diskFreeBytes, DISK_STEP_BYTES);
  }

  /** Uploads its outbox still holds: pending, in flight and parked; for a dead node, its stranded uploads. */
  public long outboxHeld() {
    return outboxPending + outboxInFlight + outboxParked;
  }
}
