package dev.edgerelay.relay.pull;

import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Reconnect pauses that count failures, not healthy sessions that later drop. An attempt that delivered media
 * succeeded: the next attempt follows at once (at most one attempt per initial pause, so an origin that sends a
 * frame and drops us is not hammered), and the count of failures starts over. An attempt that never delivered
 * media (no token, refused, no answer, a connection that stayed silent) is a failure: the pause starts at the
 * initial one and doubles with each consecutive failure up to the cap, each spread by +/- {@link PullOptions#JITTER}.
 *
 * <p>Confined to its session's context (docs/threading.md).
 */
final class Backoff {
  private final PullOptions options;
  private final Clock clock;
  private final RandomGenerator random;
  private int failures;
  private long attemptStartedAtMillis;
  private boolean deliveredMedia;

  Backoff(PullOptions options, Clock clock, RandomGenerator random) {
    this.options = options;
    this.clock = clock;
    this.random = random;
    this.attemptStartedAtMillis = clock.millis();
  }

  /** A new attempt begins (asking for a token, then connecting); it has delivered nothing yet. */
  void attemptStarted() {
    attemptStartedAtMillis = clock.millis();
    deliveredMedia = false;
  }

  /** The current attempt delivered media: it counts as a success whenever it ends. */
  void mediaArrived() {
    deliveredMedia = true;
  }

  /** Consecutive attempts that ended without media. */
  int failures() {
    return failures;
  }

  /** The attempt ended: the pause before the next one. */
  long nextPauseMillis() {
    if (deliveredMedia) {
      deliveredMedia = false;
      failures = 0;
      long ran = clock.millis() - attemptStartedAtMillis;
      return Math.max(0, options.initialBackoffMillis() - ran);
    }
    long base = options.initialBackoffMillis();
    for (int i = 0; i < failures && base < options.maxBackoffMillis(); i++) {
      base *= 2;
    }
    base = Math.min(options.maxBackoffMillis(), base);
    failures++;
    double spread = 1 + PullOptions.JITTER * (2 * random.nextDouble() - 1);
    return Math.max(1, Math.round(base * spread));
  }
}
