package dev.edgerelay.media.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition that another thread makes true, with a deadline and a message that says what
 * was awaited: the one poll loop every test uses instead of writing its own. A probe that throws is
 * treated as "not yet" until the deadline, when the last failure becomes the cause of the error.
 */
public final class Eventually {
  /** How often the condition is asked again: short enough for sub-second tests, long enough to stay cheap. */
  static final long POLL_MILLIS = 10;

  private Eventually() {}

  /** Returns once {@code condition} holds; fails with "timed out after ... waiting for {what}" otherwise. */
  public static void until(String what, Duration within, BooleanSupplier condition) {
    value(what, within, condition::getAsBoolean, Boolean.TRUE::equals);
  }

  /** As {@link #until(String, Duration, BooleanSupplier)}, asking every {@code every} (a probe that costs a request). */
  public static void until(String what, Duration within, Duration every, BooleanSupplier condition) {
    value(what, within, every, condition::getAsBoolean, Boolean.TRUE::equals);
  }

  /**
   * Asks {@code condition} every {@code every} for {@code during} and fails at the first time it does not hold: a
   * steady state checked all along, not at one moment.
   */
  public static void holds(String what, Duration during, Duration every, BooleanSupplier condition) {
    long end = System.nanoTime() + during.toNanos();
    while (true) {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("stopped holding within " + during.toMillis() + " ms: " + what);
      }
      if (System.nanoTime() - end >= 0) {
        return;
      }
      pause(every, what);
    }
  }

  /** The first value of {@code probe} that {@code done} accepts, asked until {@code within} has passed. */
  public static <T> T value(String what, Duration within, Supplier<T> probe, Predicate<? super T> done) {
    return value(what, within, Duration.ofMillis(POLL_MILLIS), probe, done);
  }

  /** As {@link #value(String, Duration, Supplier, Predicate)}, asking every {@code every}. */
  public static <T> T value(String what, Duration within, Duration every, Supplier<T> probe,
      Predicate<? super T> done) {
    long deadline = System.nanoTime() + within.toNanos();
    T last = null;
    Throwable lastFailure = null;
    while (true) {
      try {
        last = probe.get();
        lastFailure = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException | AssertionError e) {
        lastFailure = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        AssertionError error = new AssertionError("timed out after " + within.toMillis() + " ms waiting for " + what
            + (lastFailure == null ? "; last value: " + last : ""));
        if (lastFailure != null) {
          error.initCause(lastFailure);
        }
        throw error;
      }
      pause(every, what);
    }
  }

  private static void pause(Duration every, String what) {
    try {
      Thread.sleep(every.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    }
  }
}
