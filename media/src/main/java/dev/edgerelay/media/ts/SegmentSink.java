package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;

/**
 * Where a {@link TsSegmenter} puts segment bytes: the live HLS window, and through a {@link SegmentTee} the
 * recorder, which joins the segments into files (a playable partial file if the node dies mid-file). Called on the segmenter's thread;
 * an implementation that does blocking I/O must hand the chunks to a worker.
 */
public interface SegmentSink {
  /** A new segment starts; its bytes follow. */
  void open(long sequence);

  /** A new segment starts, with how it starts (a sink that joins parts needs it); its bytes follow. */
  default void open(PartStart start) {
    open(start.sequence());
  }

  /** The next TS bytes of the open segment; the sink owns and releases {@code chunk}. */
  void write(ByteBuf chunk);

  /** The open segment is complete. */
  void close(SegmentInfo info);

  /** The open segment is complete; it holds {@code units} media units (a sink that skips parts counts them). */
  default void close(SegmentInfo info, long units) {
    close(info);
  }

  /** The open segment is abandoned (segmenter closed mid-segment); its bytes must not be published. */
  void abort();
}
