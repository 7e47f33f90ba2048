package dev.edgerelay.recorder.outbox;

/**
 * The bytes-per-second cap (issue 7: the uplink is shared with live viewing). Each upload reserves its
 * size on a timeline advancing at the cap and starts when its reservation begins, so over any window the
 * bytes started stay within {@code rate * window} plus one object (at most 8 MB, spec 15.1).
 * Thread-safe: a reservation may follow a platform check on the client's thread.
 */
final class UploadPacer {
  private final long bytesPerSecond;
  private long freeAtNanos;

  UploadPacer(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Reserves {@code bytes}; returns how long to wait, in nanoseconds, before sending them. */
  synchronized long reserve(long bytes, long nowNanos) {
    if (bytesPerSecond == 0) {
      return 0;
    }
    long start = Math.max(freeAtNanos, nowNanos);
    freeAtNanos = start + bytes * 1_000_000_000L / bytesPerSecond;
    return start - nowNanos;
  }
}
