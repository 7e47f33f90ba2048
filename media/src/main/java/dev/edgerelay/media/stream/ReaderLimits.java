package dev.edgerelay.media.stream;

/**
 * The bound on one reader's queue: every reader has its own (docs/threading.md). Past
 * either limit the reader drops what it holds, counts it, and waits for the next keyframe.
 *
 * @param maxUnits units queued at most; 2 s of 25 fps video plus audio is about 150
 * @param maxBytes bytes queued at most; 2 s of an 8 Mbps camera is 2 MB
 */
public record ReaderLimits(int maxUnits, long maxBytes) {
  public static final int DEFAULT_MAX_UNITS = 512;
  public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;
  public static final ReaderLimits DEFAULT = new ReaderLimits(DEFAULT_MAX_UNITS, DEFAULT_MAX_BYTES);

  public ReaderLimits {
    if (maxUnits < 1) {
      throw new IllegalArgumentException("maxUnits must be at least 1, got " + maxUnits);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
    }
  }
}
