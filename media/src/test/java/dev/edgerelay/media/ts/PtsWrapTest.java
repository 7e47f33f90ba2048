package dev.edgerelay.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 27-hour timeline: TS timestamps wrap at 2^33 ticks (~26.5 h) while segment durations stay whole. */
class PtsWrapTest {
  private static final long HOURS_27_MILLIS = 27L * 3600 * 1000;
  private static final int FRAME_MILLIS = 1000; // a 1 fps camera keeps the run short; the clock math is the same
  private static final byte[] IDR = {0, 0, 0, 2, 0x65, 0x01};
  private static final byte[] SLICE = {0, 0, 0, 2, 0x41, 0x01};

  @Test
  void shouldCrossThe33BitWrapWithoutABrokenSegment() {
    List<SegmentInfo> infos = new ArrayList<>();
    List<byte[]> aroundWrap = new ArrayList<>();
    long wrapMillis = ((1L << 33) - TsMuxer.TIMESTAMP_OFFSET_90K) / 90;
    // leak tracking off for this one: ~100k units under paranoid detection take minutes; other tests cover leaks
    ByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
    try (TsSegmenter segmenter = new TsSegmenter(new TsProgram(Codec.H264, false), new SegmenterOptions(),
        alloc, new MemorySegmentSink(alloc, s -> {
          infos.add(s.info());
          long start = s.info().startPts90k() / 90;
          if (start > wrapMillis - 4000 && start < wrapMillis + 2000) {
            aroundWrap.add(ByteBufUtil.getBytes(s.content()));
          }
          s.release();
        }))) {
      for (long t = 0; t < HOURS_27_MILLIS; t += FRAME_MILLIS) {
        boolean key = t % 2000 == 0;
        segmenter.accept(new MediaUnit(Codec.H264, Timebase.MILLIS, t, t, key, TsMuxerTest.AVC,
            Unpooled.wrappedBuffer(key ? IDR : SLICE), t));
      }
      segmenter.finish();
    }
    assertThat(infos).hasSize((int) (HOURS_27_MILLIS / 2000));
    assertThat(infos).allSatisfy(i -> {
      assertThat(i.duration90k()).isEqualTo(180_000);
      assertThat(i.discontinuity()).isFalse();
    });
    assertThat(aroundWrap).hasSizeGreaterThanOrEqualTo(2);
    boolean wrapped = false;
    long previous = -1;
    for (byte[] segment : aroundWrap) {
      TsParser ts = TsParser.parse(segment);
      assertThat(ts.continuityErrors).isZero();
      for (TsParser.Pes p : ts.pes(TsPacket.VIDEO_PID)) {
        if (previous >= 0) {
          assertThat((p.pts() - previous) & TsPacket.TIMESTAMP_MASK).as("step modulo 2^33").isEqualTo(FRAME_MILLIS * 90L);
          wrapped |= p.pts() < previous;
        }
        previous = p.pts();
      }
    }
    assertThat(wrapped).as("the 33-bit PTS wrapped inside the checked segments").isTrue();
  }
}
