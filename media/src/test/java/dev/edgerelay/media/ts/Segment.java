package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A finished segment held in memory, for tests and the mux benchmark (live HLS keeps its segments in spool files):
 * its TS bytes and what the segmenter reported. The holder releases it.
 */
public final class Segment extends DefaultByteBufHolder {
  private final SegmentInfo info;
  private final long heldBytes;

  public Segment(SegmentInfo info, ByteBuf bytes) {
    this(info, bytes, bytes.readableBytes());
  }

  /** @param heldBytes memory the bytes occupy (the capacities of the buffers they sit in), at least their length */
  public Segment(SegmentInfo info, ByteBuf bytes, long heldBytes) {
    super(bytes);
    this.info = info;
    this.heldBytes = Math.max(heldBytes, bytes.readableBytes());
  }

  public SegmentInfo info() {
    return info;
  }

  /** Memory kept while this segment is held: what a byte bound on held segments must count. */
  public long heldBytes() {
    return heldBytes;
  }

  @Override
  public Segment replace(ByteBuf content) {
    return new Segment(info, content, heldBytes);
  }

  @Override
  public Segment retain() {
    super.retain();
    return this;
  }

  @Override
  public String toString() {
    return "Segment[" + info + "]";
  }
}
