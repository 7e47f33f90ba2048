package dev.edgerelay.recorder.outbox;

/**
 * Bounds of the outbox: concurrent uploads, bytes per second (the uplink is shared with live
 * viewing), items held, and the retry backoff.
 *
 * @param maxConcurrent uploads in flight at once
 * @param bytesPerSecond average upload rate, 0 = no cap
 * @param maxItems items held (pending, in flight, parked); past it new ones are refused and counted
 * @param backoffBaseMillis first retry delay; doubled per attempt, with full jitter
 * @param backoffMaxMillis cap of the retry delay
 * @param keepDone finished items kept for {@code GET /edge/outbox} and duplicate detection, oldest dropped first
 * @param unknownOutcomeGraceMillis after a restart, how long an item that was in flight waits before it is looked
 *     up at the platform: a request that left before the crash may still be landing (the client's request timeout)
 */
public record OutboxOptions(int maxConcurrent, long bytesPerSecond, int maxItems, long backoffBaseMillis,
    long backoffMaxMillis, int keepDone, long unknownOutcomeGraceMillis) {
  public static final int DEFAULT_MAX_CONCURRENT = 2;
  /** More parallel uploads than this only split the same uplink finer. */
  public static final int MAX_CONCURRENT = 64;
  public static final long DEFAULT_BYTES_PER_SECOND = 1_000_000;
  public static final int DEFAULT_MAX_ITEMS = 100_000;
  public static final long DEFAULT_BACKOFF_BASE_MILLIS = 1_000;
  public static final long DEFAULT_BACKOFF_MAX_MILLIS = 300_000;
  public static final int DEFAULT_KEEP_DONE = 1_000;
  /** The platform client's default request timeout (PlatformOptions): no request outlives it. */
  public static final long DEFAULT_UNKNOWN_OUTCOME_GRACE_MILLIS = 30_000;

  public OutboxOptions {
    check(maxConcurrent >= 1 && maxConcurrent <= MAX_CONCURRENT,
        "concurrent uploads must be 1 to " + MAX_CONCURRENT + ", got " + maxConcurrent);
    check(bytesPerSecond >= 0, "bytes per second must not be negative, got " + bytesPerSecond);
    check(maxItems >= 1, "outbox size must be at least 1, got " + maxItems);
    check(backoffBaseMillis >= 1 && backoffMaxMillis >= backoffBaseMillis,
        "backoff must be 1 ms or more and its cap at least the base, got " + backoffBaseMillis + "/" + backoffMaxMillis);
    check(keepDone >= 0, "done items kept must not be negative, got " + keepDone);
    check(unknownOutcomeGraceMillis >= 0, "unknown-outcome grace must not be negative, got " + unknownOutcomeGraceMillis);
  }

  public static OutboxOptions defaults() {
    return new OutboxOptions(DEFAULT_MAX_CONCURRENT, DEFAULT_BYTES_PER_SECOND, DEFAULT_MAX_ITEMS,
        DEFAULT_BACKOFF_BASE_MILLIS, DEFAULT_BACKOFF_MAX_MILLIS, DEFAULT_KEEP_DONE, DEFAULT_UNKNOWN_OUTCOME_GRACE_MILLIS);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
