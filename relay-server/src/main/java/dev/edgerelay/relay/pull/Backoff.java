package dev.edgerelay.relay.pull;

import java.util.random.RandomGenerator;

/**
 * Reconnect pauses: start at the initial pause, double to the cap, each spread by +/- a
 * fraction; back to the start after a long enough healthy run.
 */
final class Backoff {
  private final PullOptions options;
  private final RandomGenerator random;
  private long next;

  Backoff(PullOptions options, RandomGenerator random) {
    this.options = options;
    this.random = random;
    this.next = options.initialBackoffMillis();
  }

  /** The pause before the next attempt; doubles the one after. */
  long nextPauseMillis() {
    long base = next;
    next = Math.min(options.maxBackoffMillis(), next * 2);
    double spread = 1 + PullOptions.JITTER * (2 * random.nextDouble() - 1);
    return Math.max(1, Math.round(base * spread));
  }

  /** Media flowed for {@link PullOptions#healthyResetMillis()}: the next failure waits the initial pause again. */
  void reset() {
    next = options.initialBackoffMillis();
  }
}
