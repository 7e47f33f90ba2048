package dev.edgerelay.recorder.outbox;

import java.util.List;

/**
 * What {@code GET /edge/outbox} and the metrics show (issue 7): counts by state, the age of the oldest
 * pending item, the bytes still to send and the recent failures with their reasons.
 */
public record OutboxStats(int pending, int inFlight, int done, int parked, long oldestPendingAgeSeconds,
    long bytesPending, long refused, List<Failure> recentFailures) {
  /** One failed attempt: {@code parked} when it will not be retried. */
  public record Failure(long sequence, String name, String reason, boolean parked, long atMillis) {}
}
