package dev.edgerelay.media.flv;

/**
 * Extends 32-bit FLV/RTMP millisecond timestamps (which wrap after ~49.7 days) to a monotonic 64-bit
 * count. A step of more than half the range is read as a wrap, forward or back.
 */
final class TimestampUnwrapper {
  private static final long RANGE = 1L << 32;
  private static final long HALF = RANGE / 2;

  private long last = -1;
  private long epoch;

  long unwrap(long timestamp) {
    long ts = timestamp & 0xFFFF_FFFFL;
    if (last >= 0) {
      long step = ts - last;
      if (step < -HALF) {
        epoch += RANGE;
      } else if (step > HALF && epoch > 0) {
        epoch -= RANGE;
      }
    }
    last = ts;
    return epoch + ts;
  }
}
