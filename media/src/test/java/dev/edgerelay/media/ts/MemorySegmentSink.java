package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.function.Consumer;

/**
 * Collects each segment's chunks into one composite buffer (no copy) and hands finished
 * {@link Segment}s to a consumer, which owns them: what the segmenter's tests and the mux benchmark read back
 * (live HLS writes its segments to spool files, relay.hls.SpoolSegmentSink). The segment also reports the
 * capacity of its chunks ({@link Segment#heldBytes()}), the memory it keeps.
 */
public final class MemorySegmentSink implements SegmentSink {
  /** Chunks per segment before the composite consolidates: bounds its component array. */
  static final int MAX_COMPONENTS = 256;
  /**
   * A segment's last chunk is copied into a buffer of its own size when it fills less than this share of
   * its capacity: a kept segment should not pin a mostly empty pooled chunk for its whole life.
   */
  static final int TRIM_BELOW_PERCENT = 50;

  private final ByteBufAllocator alloc;
  private final Consumer<Segment> consumer;
  private CompositeByteBuf open;
  /** The latest chunk: joins the composite at the next write, or at close after trimming. */
  private ByteBuf last;
  private long openCapacity;

  public MemorySegmentSink(ByteBufAllocator alloc, Consumer<Segment> consumer) {
    this.alloc = alloc;
    this.consumer = consumer;
  }

  @Override
  public void open(long sequence) {
    abort();
    open = alloc.compositeBuffer(MAX_COMPONENTS);
    openCapacity = 0;
  }

  @Override
  public void write(ByteBuf chunk) {
    if (open == null) {
      chunk.release();
      return;
    }
    addLast();
    last = chunk;
  }

  @Override
  public void close(SegmentInfo info) {
    if (last != null) {
      last = trimmed(last);
      addLast();
    }
    CompositeByteBuf bytes = open;
    open = null;
    consumer.accept(new Segment(info, bytes, openCapacity));
  }

  @Override
  public void abort() {
    if (last != null) {
      last.release();
      last = null;
    }
    if (open != null) {
      open.release();
      open = null;
    }
  }

  private void addLast() {
    if (last != null) {
      openCapacity += last.capacity();
      open.addComponent(true, last);
      last = null;
    }
  }

  private ByteBuf trimmed(ByteBuf chunk) {
    int size = chunk.readableBytes();
    if ((long) size * 100 >= (long) chunk.capacity() * TRIM_BELOW_PERCENT) {
      return chunk;
    }
    ByteBuf exact = alloc.buffer(size, size).writeBytes(chunk);
    chunk.release();
    return exact;
  }
}
