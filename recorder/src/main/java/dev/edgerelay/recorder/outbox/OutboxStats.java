package dev.edgerelay.recorder.outbox;

import java.util.Collection;
import java.util.List;

/**
 * What {@code GET /edge/outbox} and the metrics show: counts by state, the age of the oldest pending item (and when
 * it was queued, which a peer can age from a node's last record), the bytes still to send and the recent failures
 * with their reasons. {@code done} counts the finished items the outbox keeps ({@link OutboxOptions#keepDone()},
 * the newest); {@code refused} those turned away because the outbox was full.
 *
 * @param oldestPendingAtMillis when the oldest pending item was queued (epoch ms), 0 when none is pending
 */
public record OutboxStats(int pending, int inFlight, int done, int parked, long oldestPendingAgeSeconds,
    long oldestPendingAtMillis, long bytesPending, long refused, List<Failure> recentFailures) {
  /** One failed attempt: {@code parked} when it will not be retried. */
  public record Failure(long sequence, String name, String reason, boolean parked, long atMillis) {}

  /** The figures over the {@code live} items (pending, in flight, parked) at {@code nowMillis}. */
  static OutboxStats of(Collection<OutboxItem> live, int inFlight, int done, long refused, List<Failure> failures,
      long nowMillis) {
    int pending = 0;
    int parked = 0;
    long bytes = 0;
    long oldest = -1;
    for (OutboxItem item : live) {
      if (item.state() == OutboxState.PARKED) {
        parked++;
      } else {
        bytes += item.sizeBytes();
        if (item.state() == OutboxState.PENDING) {
          pending++;
          oldest = oldest < 0 ? item.enqueuedMillis() : Math.min(oldest, item.enqueuedMillis());
        }
      }
    }
    long age = oldest < 0 ? 0 : Math.max(0, nowMillis - oldest) / 1000;
    return new OutboxStats(pending, inFlight, done, parked, age, Math.max(0, oldest), bytes, refused, failures);
  }
}
