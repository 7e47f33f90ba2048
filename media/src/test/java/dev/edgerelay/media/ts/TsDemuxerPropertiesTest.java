package dev.edgerelay.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.MediaUnit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever bytes arrive, however split, the demuxer neither throws nor leaks, and its units are well formed. */
class TsDemuxerPropertiesTest {
  static final byte[] VALID = TsRoundTrip.mux(new TsProgram(Codec.H264, true), TsRoundTrip.units(Codec.H264, 30, 40));

  @Property(tries = 300)
  void garbageNeverThrowsOrLeaks(@ForAll @Size(max = 4096) byte[] garbage, @ForAll @IntRange(min = 1, max = 700) int chunk) {
    feed(garbage, chunk);
  }

  @Property(tries = 300)
  void aDamagedStreamNeverThrowsOrLeaks(@ForAll @Size(min = 1, max = 64) List<@IntRange(min = 0, max = 1 << 20) Integer> hits,
      @ForAll @IntRange(min = 1, max = 700) int chunk, @ForAll byte value) {
    byte[] damaged = VALID.clone();
    for (int hit : hits) {
      damaged[hit % damaged.length] = (byte) (value + hit); // headers, lengths, timestamps and payload alike
    }
    feed(damaged, chunk);
  }

  /** Feeds {@code bytes} in pieces of {@code chunk}; then every byte the demuxer allocated must be freed. */
  private static void feed(byte[] bytes, int chunk) {
    UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true); // counts what is not yet released
    try (TsDemuxer demuxer = new TsDemuxer(alloc)) {
      for (int at = 0; at < bytes.length; at += chunk) {
        ByteBuf piece = Unpooled.wrappedBuffer(bytes, at, Math.min(chunk, bytes.length - at));
        demuxer.feed(piece, TsDemuxerPropertiesTest::check);
        piece.release();
      }
      demuxer.finish(TsDemuxerPropertiesTest::check);
    }
    assertThat(alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory()).as("bytes not released")
        .isZero();
  }

  private static void check(MediaUnit unit) {
    try {
      assertThat(unit.refCnt()).isEqualTo(1);
      assertThat(unit.payload().isReadable()).isTrue();
      assertThat(unit.pts() - unit.dts()).isBetween(-(1L << 32), 1L << 32);
    } finally {
      unit.release();
    }
  }
}
