package dev.edgerelay.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.MediaUnit;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Random unit sequences (B-frame reordering, gaps, restarts, odd sizes) against the segmenter's invariants. */
class SegmenterPropertiesTest {
  private static final SegmenterOptions OPTIONS = new SegmenterOptions()
      .setTargetDuration90k(45_000).setMaxDuration90k(180_000).setMaxBytes(150_000).setMaxTimestampJump90k(450_000);

  @Property(tries = 60)
  void segmentsNeverHaveNegativeDurationOversizedPesOrContinuityErrors(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 3) int bFrames, @ForAll boolean video, @ForAll boolean audio) {
    Assume.that(video || audio);
    List<Segment> segments = new ArrayList<>();
    try (TsSegmenter segmenter = new TsSegmenter(new TsProgram(video ? Codec.H264 : null, audio), OPTIONS,
        ByteBufAllocator.DEFAULT, new MemorySegmentSink(ByteBufAllocator.DEFAULT, segments::add))) {
      for (MediaUnit u : timeline(new Random(seed), bFrames, video, audio)) {
        segmenter.accept(u);
      }
      segmenter.finish();
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try {
      for (Segment s : segments) {
        SegmentInfo info = s.info();
        assertThat(info.duration90k()).as("duration of %s", info).isBetween(0L,
            OPTIONS.maxDuration90k() + OPTIONS.maxTimestampJump90k());
        assertThat(info.sizeBytes()).isLessThanOrEqualTo(OPTIONS.maxBytes()).isEqualTo(s.content().readableBytes());
        byte[] bytes = ByteBufUtil.getBytes(s.content());
        all.writeBytes(bytes);
        List<TsParser.Pes> videoPes = TsParser.parse(bytes).pes(TsPacket.VIDEO_PID);
        for (int i = 1; i < videoPes.size(); i++) {
          // the 33-bit clock wraps (ISO/IEC 13818-1 2.4.3.7) and clocks up to 1e9 ms cross it: rising modulo 2^33
          long step = (videoPes.get(i).dts() - videoPes.get(i - 1).dts()) & TsPacket.TIMESTAMP_MASK;
          assertThat(step).as("DTS step modulo 2^33").isBetween(1L, 1L << 32);
        }
      }
      TsParser stream = TsParser.parse(all.toByteArray());
      assertThat(stream.continuityErrors).isZero();
      assertThat(stream.pesLengthErrors).isZero();
      assertThat(stream.crcErrors).isZero();
      assertThat(stream.pes(TsPacket.AUDIO_PID))
          .allSatisfy(p -> assertThat(p.declaredLength()).isBetween(1, PesHeader.MAX_PES_PACKET_LENGTH));
    } finally {
      segments.forEach(Segment::release);
    }
  }

  /** Video in decode order with {@code bFrames} B-frames per reference, AAC every 23 ms, gaps and restarts. */
  static List<MediaUnit> timeline(Random rnd, int bFrames, boolean video, boolean audio) {
    List<MediaUnit> units = new ArrayList<>();
    int interval = 20 + rnd.nextInt(80);
    int gop = (bFrames + 1) * (2 + rnd.nextInt(20));
    long base = rnd.nextInt(1_000_000_000);
    long audioClock = base;
    int k = 0;
    for (int step = 0; step < 400; step++) {
      int event = rnd.nextInt(100);
      if (event < 2) { // the source restarts with a new clock, back or forward
        base = rnd.nextInt(1_000_000_000);
        audioClock = base;
        k = 0;
      } else if (event < 5) {
        base += rnd.nextInt(3000); // a gap below the restart threshold
      }
      long dts = base + (long) k * interval;
      int inGroup = k % (bFrames + 1);
      long display = inGroup == 0 ? k + bFrames : k - 1;
      long pts = base + (display + 1) * interval;
      boolean key = k % gop == 0 || rnd.nextInt(100) == 0 && inGroup == 0;
      int size = rnd.nextInt(50) == 0 ? 30_000 + rnd.nextInt(60_000) : 1 + rnd.nextInt(3000);
      while (audio && audioClock <= dts) {
        units.add(TsMuxerTest.unit(Codec.AAC, audioClock, audioClock, true, TsMuxerTest.AAC,
            "21" + "00".repeat(rnd.nextInt(700))));
        audioClock += 23;
      }
      if (video) {
        units.add(TsMuxerTest.unit(Codec.H264, dts, pts, key, TsMuxerTest.AVC,
            String.format("%08x", size) + (key ? "65" : "41") + "00".repeat(size - 1)));
      }
      k++;
    }
    return units;
  }
}
