package dev.edgerelay.media.stream;

/**
 * The bound on a {@link Stream}'s keyframe cache (the current GOP). Past either limit the cache keeps
 * only its keyframe (thumbnails still find it) and readers that join from the cache wait for the next
 * keyframe instead.
 *
 * @param maxUnits units cached at most; a 4 s GOP of 25 fps video plus audio is about 300
 * @param maxBytes payload bytes cached at most; a 4 s GOP of an 8 Mbps camera is 4 MB
 * @param onceAsked the whole GOP is cached only from the first reader that starts from it on (an RTMP player);
 *     until then only the keyframe. A GOP per stream is about half a megabyte of direct memory at 2 Mbit/s, most
 *     of the node's at 200 channels, and most channels never get an RTMP player; the first player waits for the
 *     next keyframe, as nginx-rtmp's players do, and the next ones start at once.
 */
public record GopLimits(int maxUnits, long maxBytes, boolean onceAsked) {
  public static final int DEFAULT_MAX_UNITS = 512;
  public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;
  /** The whole GOP always cached (the emulator's origin, whose players must start at a keyframe at once). */
  public static final GopLimits DEFAULT = new GopLimits(DEFAULT_MAX_UNITS, DEFAULT_MAX_BYTES);
  /** The whole GOP cached once a reader asked for it (the node's streams). */
  public static final GopLimits ONCE_ASKED = new GopLimits(DEFAULT_MAX_UNITS, DEFAULT_MAX_BYTES, true);

  /** Limits of a cache that always keeps the whole GOP. */
  public GopLimits(int maxUnits, long maxBytes) {
    this(maxUnits, maxBytes, false);
  }

  public GopLimits {
    if (maxUnits < 1) {
      throw new IllegalArgumentException("gop maxUnits must be at least 1, got " + maxUnits);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("gop maxBytes must be at least 1, got " + maxBytes);
    }
  }
}
