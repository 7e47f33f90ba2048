package dev.edgerelay.media.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock a test sets and moves by hand, so expiry, retention and backoff rules run without waiting.
 * {@link #stepping} makes one that also moves forward by a fixed step on every read (one read per
 * segment opened gives each segment its own start time).
 */
public final class SettableClock extends Clock {
  private final AtomicLong millis;
  private final long stepPerRead;
  private final ZoneId zone;

  private SettableClock(long startMillis, long stepPerRead, ZoneId zone) {
    this.millis = new AtomicLong(startMillis);
    this.stepPerRead = stepPerRead;
    this.zone = zone;
  }

  public static SettableClock at(Instant start) {
    return new SettableClock(start.toEpochMilli(), 0, ZoneOffset.UTC);
  }

  /** A clock in {@code zone}, for code that formats local times from {@code clock.getZone()}. */
  public static SettableClock at(Instant start, ZoneId zone) {
    return new SettableClock(start.toEpochMilli(), 0, zone);
  }

  public static SettableClock at(long startMillis) {
    return new SettableClock(startMillis, 0, ZoneOffset.UTC);
  }

  /** A clock that reads {@code startMillis} first, then {@code stepMillis} later on each further read. */
  public static SettableClock stepping(long startMillis, long stepMillis) {
    return new SettableClock(startMillis, stepMillis, ZoneOffset.UTC);
  }

  public void set(Instant now) {
    millis.set(now.toEpochMilli());
  }

  public void setMillis(long now) {
    millis.set(now);
  }

  public void advance(Duration step) {
    millis.addAndGet(step.toMillis());
  }

  public void advanceMillis(long step) {
    millis.addAndGet(step);
  }

  @Override
  public long millis() {
    return millis.getAndAdd(stepPerRead);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time. */
  @Override
  public Clock withZone(ZoneId other) {
    SettableClock self = this;
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return other;
      }

      @Override
      public Clock withZone(ZoneId again) {
        return self.withZone(again);
      }

      @Override
      public Instant instant() {
        return self.instant();
      }
    };
  }
}
