package dev.edgerelay.media.ts;

/**
 * Extends 33-bit PTS/DTS (2.4.3.7, wrapping after 26.5 hours at 90 kHz) to a continuous 64-bit count.
 * One per program, shared by its tracks: a step is read as the signed difference modulo 2^33, so audio
 * and video that interleave slightly out of order, or a wrap, never look like a jump of a day.
 */
final class TimestampUnwrapper33 {
  private static final long RANGE = 1L << 33;
  private static final long HALF = RANGE / 2;

  private long last;
  private boolean started;

  long unwrap(long raw) {
    long ts = raw & TsPacket.TIMESTAMP_MASK;
    if (!started) {
      started = true;
      last = ts;
      return ts;
    }
    long step = (ts - last) & TsPacket.TIMESTAMP_MASK;
    if (step >= HALF) {
      step -= RANGE;
    }
    last += step;
    return last;
  }

  /** The signed difference {@code a - b} of two 33-bit timestamps (PTS minus DTS: the composition offset). */
  static long difference(long a, long b) {
    long d = (a - b) & TsPacket.TIMESTAMP_MASK;
    return d >= HALF ? d - RANGE : d;
  }
}
