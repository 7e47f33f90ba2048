package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * Collects each segment's chunks into one composite buffer (no copy) and hands finished
 * {@link Segment}s to a consumer, which owns them. For live HLS, where segments are served from memory.
 */
public final class MemorySegmentSink implements SegmentSink {
  /** Chunks per segment before the composite consolidates: bounds its component array. */
  static final int MAX_COMPONENTS = 256;

  private final ByteBufAllocator alloc;
  private final Consumer<Segment> consumer;
  private CompositeByteBuf open;

  public MemorySegmentSink(ByteBufAllocator alloc, Consumer<Segment> consumer) {
    this.alloc = alloc;
    this.consumer = consumer;
  }

  @Override
  public void open(long sequence) {
    abort();
    open = alloc.compositeBuffer(MAX_COMPONENTS);
  }

  @Override
  public void write(ByteBuf chunk) {
    if (open == null) {
      chunk.release();
      return;
    }
    open.addComponent(true, chunk);
  }

  @Override
  public void close(SegmentInfo info) {
    CompositeByteBuf bytes = open;
    open = null;
    consumer.accept(new Segment(info, bytes));
  }

  @Override
  public void abort() {
    if (open != null) {
      open.release();
      open = null;
    }
  }
}
