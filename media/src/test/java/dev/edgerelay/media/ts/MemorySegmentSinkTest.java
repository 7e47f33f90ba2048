package dev.edgerelay.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live sink: chunks composed in order without a copy, the memory they keep reported, nothing leaked. */
class MemorySegmentSinkTest {
  private static final SegmentInfo INFO = new SegmentInfo(7, 0, 180_000, 0, true, 0, false);
  private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final List<Segment> segments = new ArrayList<>();
  private final MemorySegmentSink sink = new MemorySegmentSink(alloc, segments::add);

  @AfterEach
  void releaseSegments() {
    segments.forEach(Segment::release);
  }

  private ByteBuf chunk(int capacity, int fill, int value) {
    ByteBuf chunk = alloc.buffer(capacity);
    for (int i = 0; i < fill; i++) {
      chunk.writeByte(value);
    }
    return chunk;
  }

  @Test
  void shouldComposeChunksInOrderAndReportTheirCapacity() {
    ByteBuf first = chunk(1000, 900, 1);
    sink.open(7);
    sink.write(first);
    sink.write(chunk(1000, 800, 2)); // the last chunk, 80 % full: kept as it is
    sink.close(INFO);

    Segment segment = segments.get(0);
    assertThat(segment.info()).isEqualTo(INFO);
    assertThat(segment.content().readableBytes()).isEqualTo(1700);
    assertThat(segment.content().getByte(899)).isEqualTo((byte) 1);
    assertThat(segment.content().getByte(900)).isEqualTo((byte) 2);
    assertThat(segment.heldBytes()).isEqualTo(2000); // what the pool keeps, not just what is written
    assertThat(first.refCnt()).isEqualTo(1); // not copied: the composite owns the chunk itself
  }

  @Test
  void shouldTrimAMostlyEmptyLastChunkToItsSize() {
    ByteBuf last = chunk(64 * 1024, 188, 0x47);
    sink.open(7);
    sink.write(chunk(1000, 1000, 1));
    sink.write(last);
    sink.close(INFO);

    Segment segment = segments.get(0);
    assertThat(last.refCnt()).isZero(); // copied into a buffer of its size and let go
    assertThat(segment.heldBytes()).isEqualTo(1000 + 188);
    assertThat(ByteBufUtil.getBytes(segment.content(), 1000, 188)).containsOnly((byte) 0x47);
  }

  @Test
  void shouldReleaseTheOpenSegmentsChunksOnAbort() {
    ByteBuf first = chunk(1000, 900, 1);
    ByteBuf second = chunk(1000, 10, 2);
    sink.open(7);
    sink.write(first);
    sink.write(second);

    sink.abort();

    assertThat(first.refCnt()).isZero();
    assertThat(second.refCnt()).isZero();
    assertThat(segments).isEmpty();
  }

  @Test
  void shouldReleaseAChunkWrittenWithoutAnOpenSegment() {
    ByteBuf stray = chunk(100, 10, 1);

    sink.write(stray);

    assertThat(stray.refCnt()).isZero();
  }
}
