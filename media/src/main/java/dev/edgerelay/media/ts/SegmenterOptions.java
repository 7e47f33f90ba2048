package dev.edgerelay.media.ts;

/** Segmenting limits, in 90 kHz ticks and bytes, each with its reason; validated in one place. */
public final class SegmenterOptions {
  /** Target duration: a cut happens at the first keyframe at or after it (live HLS: short for low latency). */
  public static final long DEFAULT_TARGET_DURATION_90K = 2 * 90_000L;
  /** A GOP longer than this is cut anyway (between keyframes), so a playlist's target duration stays bounded. */
  public static final long DEFAULT_MAX_DURATION_90K = 10 * 90_000L;
  /** The recorder uploads a segment as one object of at most 8 MB (docs/architecture.md, storage). */
  public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;
  /** A timestamp step larger than this (forward) is a source restart, not a gap. */
  public static final long DEFAULT_MAX_TIMESTAMP_JUMP_90K = 10 * 90_000L;
  /** TS chunks are handed to the sink once this big: few hand-offs, bounded memory before a file write. */
  public static final int DEFAULT_CHUNK_BYTES = 64 * 1024;

  private long targetDuration90k = DEFAULT_TARGET_DURATION_90K;
  private long maxDuration90k = DEFAULT_MAX_DURATION_90K;
  private long maxBytes = DEFAULT_MAX_BYTES;
  private long maxTimestampJump90k = DEFAULT_MAX_TIMESTAMP_JUMP_90K;
  private int chunkBytes = DEFAULT_CHUNK_BYTES;
  private long firstSequence;

  public long targetDuration90k() {
    return targetDuration90k;
  }

  public SegmenterOptions setTargetDuration90k(long targetDuration90k) {
    this.targetDuration90k = targetDuration90k;
    return this;
  }

  public long maxDuration90k() {
    return maxDuration90k;
  }

  public SegmenterOptions setMaxDuration90k(long maxDuration90k) {
    this.maxDuration90k = maxDuration90k;
    return this;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public SegmenterOptions setMaxBytes(long maxBytes) {
    this.maxBytes = maxBytes;
    return this;
  }

  public long maxTimestampJump90k() {
    return maxTimestampJump90k;
  }

  public SegmenterOptions setMaxTimestampJump90k(long maxTimestampJump90k) {
    this.maxTimestampJump90k = maxTimestampJump90k;
    return this;
  }

  public int chunkBytes() {
    return chunkBytes;
  }

  public SegmenterOptions setChunkBytes(int chunkBytes) {
    this.chunkBytes = chunkBytes;
    return this;
  }

  public long firstSequence() {
    return firstSequence;
  }

  /** Sequence number of the first segment (a live stream restarting resumes its media sequence). */
  public SegmenterOptions setFirstSequence(long firstSequence) {
    this.firstSequence = firstSequence;
    return this;
  }

  /** Throws IllegalArgumentException naming the field and its allowed range. */
  public SegmenterOptions validate() {
    require(targetDuration90k >= 9_000, "targetDuration90k must be at least 9000 (0.1 s), got " + targetDuration90k);
    require(maxDuration90k >= targetDuration90k, "maxDuration90k must be >= targetDuration90k, got " + maxDuration90k);
    require(maxBytes >= 64 * TsPacket.SIZE, "maxBytes must be at least " + 64 * TsPacket.SIZE + ", got " + maxBytes);
    require(maxTimestampJump90k > 0, "maxTimestampJump90k must be positive, got " + maxTimestampJump90k);
    require(chunkBytes >= TsPacket.SIZE, "chunkBytes must be at least 188, got " + chunkBytes);
    require(firstSequence >= 0, "firstSequence must be >= 0, got " + firstSequence);
    return this;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
