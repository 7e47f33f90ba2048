package dev.edgerelay.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand, so expiry rules run without waiting. */
final class SteppedClock extends Clock {
  private final AtomicLong millis;
  private final ZoneId zone;

  SteppedClock(Instant start, ZoneId zone) {
    this.millis = new AtomicLong(start.toEpochMilli());
    this.zone = zone;
  }

  void advance(Duration step) {
    millis.addAndGet(step.toMillis());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return new SteppedClock(Instant.ofEpochMilli(millis.get()), other);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }
}
