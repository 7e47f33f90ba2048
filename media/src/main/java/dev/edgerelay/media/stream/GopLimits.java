package dev.edgerelay.media.stream;

/**
 * The bound on a {@link Stream}'s keyframe cache (the current GOP). Past either limit the cache keeps
 * only its keyframe (thumbnails still find it) and readers that join from the cache wait for the next
 * keyframe instead.
 *
 * @param maxUnits units cached at most; a 4 s GOP of 25 fps video plus audio is about 300
 * @param maxBytes payload bytes cached at most; a 4 s GOP of an 8 Mbps camera is 4 MB
 */
public record GopLimits(int maxUnits, long maxBytes) {
  public static final int DEFAULT_MAX_UNITS = 512;
  public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;
  public static final GopLimits DEFAULT = new GopLimits(DEFAULT_MAX_UNITS, DEFAULT_MAX_BYTES);

  public GopLimits {
    if (maxUnits < 1) {
      throw new IllegalArgumentException("gop maxUnits must be at least 1, got " + maxUnits);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("gop maxBytes must be at least 1, got " + maxBytes);
    }
  }
}
