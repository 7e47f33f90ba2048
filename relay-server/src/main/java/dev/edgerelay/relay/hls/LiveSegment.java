package dev.edgerelay.relay.hls;

import dev.edgerelay.media.ts.SegmentInfo;
import io.netty.buffer.ByteBuf;

/**
 * A finished live segment as served: its TS bytes stay in the segmenter's pooled (direct) chunks,
 * composed without a copy, so the heap holds only this small object (heap per channel).
 *
 * <p>Ownership: the {@link HlsLiveMuxer} that made it holds one reference and lets go of it on eviction
 * or stream end ({@link #release()}). Each reader (an HTTP response) takes its own reference with
 * {@link #retainedContent()} and releases it when done, so a segment evicted while it is being sent is
 * freed only after the last response has finished with it. Thread-safe: the muxer evicts on its event
 * loop while HTTP handlers read on theirs.
 */
public final class LiveSegment {
  private final String name;
  private final SegmentInfo info;
  private final ByteBuf content;
  private final int size;
  private final long heldBytes;
  private boolean released;

  /**
   * @param content the segment's bytes; this object takes over the caller's reference
   * @param heldBytes pooled memory the bytes occupy (their buffers' capacities), which the byte bound counts
   */
  LiveSegment(String name, SegmentInfo info, ByteBuf content, long heldBytes) {
    this.name = name;
    this.info = info;
    this.content = content;
    this.size = content.readableBytes();
    this.heldBytes = heldBytes;
  }

  public String name() {
    return name;
  }

  public SegmentInfo info() {
    return info;
  }

  /** Bytes of TS in the segment. */
  public int size() {
    return size;
  }

  /** Pooled memory the segment keeps while held: at least {@link #size()}, since chunks are not full. */
  public long heldBytes() {
    return heldBytes;
  }

  /**
   * A reference to the bytes for one reader, which must release it, or null when the muxer let go of
   * the segment in the meantime (the caller answers as for a segment that slid out).
   */
  public synchronized ByteBuf retainedContent() {
    return released ? null : content.retainedSlice();
  }

  /** Lets go of the muxer's reference; the memory returns to the pool after the last reader's. Idempotent. */
  synchronized void release() {
    if (!released) {
      released = true;
      content.release();
    }
  }

  @Override
  public String toString() {
    return "LiveSegment[" + name + " " + size + " bytes]";
  }
}
