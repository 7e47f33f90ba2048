package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** A finished segment held in memory (live HLS): its TS bytes and what the segmenter reported. The holder releases it. */
public final class Segment extends DefaultByteBufHolder {
  private final SegmentInfo info;

  public Segment(SegmentInfo info, ByteBuf bytes) {
    super(bytes);
    this.info = info;
  }

  public SegmentInfo info() {
    return info;
  }

  @Override
  public Segment replace(ByteBuf content) {
    return new Segment(info, content);
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
