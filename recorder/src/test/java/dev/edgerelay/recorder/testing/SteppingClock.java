package dev.edgerelay.recorder.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves {@code step} millis forward each time it is read: one read per segment opened. */
public final class SteppingClock extends Clock {
  private final long step;
  private long next;

  public SteppingClock(long start, long step) {
    this.next = start;
    this.step = step;
  }

  @Override
  public synchronized long millis() {
    long now = next;
    next += step;
    return now;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
