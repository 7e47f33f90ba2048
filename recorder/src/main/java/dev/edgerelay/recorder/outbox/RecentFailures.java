package dev.edgerelay.recorder.outbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last {@link #CAPACITY} failed attempts with their reasons, for {@code GET /edge/outbox}. Dispatcher only. */
final class RecentFailures {
  static final int CAPACITY = 20;

  private final Deque<OutboxStats.Failure> failures = new ArrayDeque<>();

  void add(OutboxItem item, String reason, boolean parked, long nowMillis) {
    failures.addLast(new OutboxStats.Failure(item.sequence(), item.target().name(), reason, parked, nowMillis));
    while (failures.size() > CAPACITY) {
      failures.removeFirst();
    }
  }

  List<OutboxStats.Failure> list() {
    return List.copyOf(failures);
  }
}
