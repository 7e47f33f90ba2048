package dev.edgerelay.recorder.outbox;

/**
 * The bytes-per-second cap (the uplink is shared with live viewing). Each chunk of every upload
 * ({@link UploadBody}) reserves its size on one timeline advancing at the cap and leaves when its reservation
 * begins, so over any window the bytes sent stay within {@code rate * window} plus one chunk, however large
 * the objects. Thread-safe: chunks are asked for on the platform client's threads.
 */
final class UploadPacer {
  private final long bytesPerSecond;
  private long freeAtNanos;

  UploadPacer(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }

  long bytesPerSecond() {
    return bytesPerSecond;
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
