package dev.edgerelay.media;

/** The clock a {@link MediaUnit}'s timestamps count in. RTMP/FLV count milliseconds; MPEG-TS counts 90 kHz. */
public enum Timebase {
  MILLIS(1_000),
  MPEG_90K(90_000);

  private final int hz;

  Timebase(int hz) {
    this.hz = hz;
  }

  public int hz() {
    return hz;
  }

  /** Converts {@code value} counted in this timebase to {@code target}, rounding toward negative infinity. */
  public long convert(long value, Timebase target) {
    if (target == this) {
      return value;
    }
    return Math.floorDiv(value * target.hz, hz);
  }
}
