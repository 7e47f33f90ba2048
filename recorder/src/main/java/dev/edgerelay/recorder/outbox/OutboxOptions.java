package dev.edgerelay.recorder.outbox;

/**
 * Bounds of the outbox (issue 7): concurrent uploads, bytes per second (the uplink is shared with live
 * viewing), items held, and the retry backoff.
 *
 * @param maxConcurrent uploads in flight at once
 * @param bytesPerSecond average upload rate, 0 = no cap
 * @param maxItems items held (pending, in flight, parked); past it new ones are refused and counted
 * @param backoffBaseMillis first retry delay; doubled per attempt, with full jitter
 * @param backoffMaxMillis cap of the retry delay
 * @param keepDone finished items kept for {@code GET /edge/outbox} and duplicate detection, oldest dropped first
 */
public record OutboxOptions(int maxConcurrent, long bytesPerSecond, int maxItems, long backoffBaseMillis,
    long backoffMaxMillis, int keepDone) {
  public static final int DEFAULT_MAX_CONCURRENT = 2;
  public static final long DEFAULT_BYTES_PER_SECOND = 1_000_000;
  public static final int DEFAULT_MAX_ITEMS = 100_000;
  public static final long DEFAULT_BACKOFF_BASE_MILLIS = 1_000;
  public static final long DEFAULT_BACKOFF_MAX_MILLIS = 300_000;
  public static final int DEFAULT_KEEP_DONE = 1_000;

  public OutboxOptions {
    check(maxConcurrent >= 1 && maxConcurrent <= 64, "concurrent uploads must be 1 to 64, got " + maxConcurrent);
    check(bytesPerSecond >= 0, "bytes per second must not be negative, got " + bytesPerSecond);
    check(maxItems >= 1, "outbox size must be at least 1, got " + maxItems);
    check(backoffBaseMillis >= 1 && backoffMaxMillis >= backoffBaseMillis,
        "backoff must be 1 ms or more and its cap at least the base, got " + backoffBaseMillis + "/" + backoffMaxMillis);
    check(keepDone >= 0, "done items kept must not be negative, got " + keepDone);
  }

  public static OutboxOptions defaults() {
    return new OutboxOptions(DEFAULT_MAX_CONCURRENT, DEFAULT_BYTES_PER_SECOND, DEFAULT_MAX_ITEMS,
        DEFAULT_BACKOFF_BASE_MILLIS, DEFAULT_BACKOFF_MAX_MILLIS, DEFAULT_KEEP_DONE);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
