package dev.edgerelay.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.MediaUnit;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TsSegmenterTest {
  private final List<Segment> segments = new ArrayList<>();
  private final MemorySegmentSink sink = new MemorySegmentSink(ByteBufAllocator.DEFAULT, segments::add);

  @AfterEach
  void release() {
    segments.forEach(Segment::release);
  }

  /** 25 fps video, keyframe every {@code gop} frames, with a 1024-sample AAC frame every ~23 ms. */
  static void feed(TsSegmenter s, long startMillis, int frames, int gop) {
    long audioMillis = startMillis;
    for (int i = 0; i < frames; i++) {
      long t = startMillis + i * 40L;
      while (audioMillis <= t) {
        s.accept(audio(audioMillis));
        audioMillis += 23;
      }
      s.accept(video(t, i % gop == 0, 1500));
    }
  }

  static MediaUnit video(long millis, boolean key, int size) {
    StringBuilder hex = new StringBuilder(String.format("%08x", size)).append(key ? "65" : "41");
    hex.append("aa".repeat(size - 1));
    return TsMuxerTest.unit(Codec.H264, millis, millis, key, TsMuxerTest.AVC, hex.toString());
  }

  static MediaUnit audio(long millis) {
    return TsMuxerTest.unit(Codec.AAC, millis, millis, true, TsMuxerTest.AAC, "21" + "00".repeat(300));
  }

  @Test
  void shouldCutOnlyOnKeyframeOnceTargetReached() {
    TsSegmenter s = new TsSegmenter(new TsProgram(Codec.H264, true), new SegmenterOptions(), ByteBufAllocator.DEFAULT, sink);
    s.accept(video(0, false, 100)); // before the first keyframe: dropped
    feed(s, 40, 250, 30); // keyframes every 1.2 s; target 2 s -> cuts at 2.4 s
    s.finish();
    s.close();
    assertThat(segments).extracting(x -> x.info().sequence()).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(segments).allSatisfy(x -> assertThat(x.info().startsWithKeyframe()).isTrue());
    assertThat(segments.subList(0, 4)).allSatisfy(x -> assertThat(x.info().duration90k()).isEqualTo(2400 * 90));
    assertThat(segments.get(4).info().duration90k()).isEqualTo(400 * 90); // frames 240..249 and the last frame's 40 ms
    assertThat(segments.get(0).info().startPts90k()).isEqualTo(40 * 90);
    for (Segment seg : segments) {
      TsParser ts = TsParser.parse(ByteBufUtil.getBytes(seg.content()));
      assertThat(seg.info().sizeBytes()).isEqualTo(seg.content().readableBytes());
      assertThat(ts.pes(TsPacket.VIDEO_PID).get(0).randomAccess()).isTrue();
      assertThat(ts.tables).as("PAT+PMT at start and every 0.5 s").isGreaterThanOrEqualTo(seg.info().sequence() < 4 ? 10 : 2);
      assertThat(ts.continuityErrors + ts.crcErrors + ts.pesLengthErrors).isZero();
    }
    assertThat(s.droppedUnits()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void shouldCutAudioOnlyStreamsOnTime() {
    TsSegmenter s = new TsSegmenter(new TsProgram(null, true), new SegmenterOptions(), ByteBufAllocator.DEFAULT, sink);
    for (int i = 0; i < 300; i++) {
      s.accept(audio(i * 23L));
    }
    s.finish();
    s.close();
    assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
    assertThat(segments.subList(0, segments.size() - 1))
        .allSatisfy(x -> assertThat(x.info().duration90k()).isBetween(180_000L, 180_000L + 23 * 90));
    TsParser ts = TsParser.parse(ByteBufUtil.getBytes(segments.get(1).content()));
    assertThat(ts.pcrs).as("PCR on the audio PID").hasSizeGreaterThan(20);
    for (int i = 1; i < ts.pcrs.size(); i++) {
      assertThat(ts.pcrs.get(i) - ts.pcrs.get(i - 1)).as("ISO/IEC 13818-1 2.7.2").isBetween(1L, 100L * 27_000);
    }
  }

  @Test
  void shouldMarkDiscontinuityOnSourceRestartInsteadOfNegativeDuration() {
    TsSegmenter s = new TsSegmenter(new TsProgram(Codec.H264, true), new SegmenterOptions(), ByteBufAllocator.DEFAULT, sink);
    feed(s, 100_000, 60, 25); // 2.4 s from t = 100 s
    feed(s, 0, 60, 25); // the camera restarted its clock
    feed(s, 900_000, 60, 25); // and jumped forward by 15 minutes
    s.finish();
    s.close();
    assertThat(segments).allSatisfy(x -> assertThat(x.info().duration90k()).isBetween(0L, 10 * 90_000L));
    assertThat(segments).filteredOn(x -> x.info().discontinuity()).hasSize(2);
    long restartCuts = segments.stream().filter(x -> x.info().discontinuity()).map(x -> x.info().startPts90k()).filter(p -> p == 0 || p == 900_000 * 90L).count();
    assertThat(restartCuts).isEqualTo(2);
    for (Segment seg : segments) {
      TsParser ts = TsParser.parse(ByteBufUtil.getBytes(seg.content()));
      List<TsParser.Pes> video = ts.pes(TsPacket.VIDEO_PID);
      for (int i = 1; i < video.size(); i++) {
        assertThat(video.get(i).dts()).as("DTS never goes back inside a segment").isGreaterThan(video.get(i - 1).dts());
      }
      assertThat(video.get(0).discontinuity()).isEqualTo(seg.info().discontinuity());
    }
  }

  @Test
  void shouldCapSegmentBytesEvenBetweenKeyframes() {
    long cap = 200 * 1024;
    TsSegmenter s = new TsSegmenter(new TsProgram(Codec.H264, true), new SegmenterOptions().setMaxBytes(cap),
        ByteBufAllocator.DEFAULT, sink);
    s.accept(video(0, true, 20_000));
    for (int i = 1; i < 100; i++) {
      s.accept(video(i * 40L, false, 20_000));
    }
    s.accept(video(4000, true, 300_000)); // alone over the cap: dropped, never emitted
    s.finish();
    s.close();
    assertThat(segments).hasSizeGreaterThan(5);
    assertThat(segments).allSatisfy(x -> assertThat(x.info().sizeBytes()).isLessThanOrEqualTo(cap));
    assertThat(segments.get(1).info().startsWithKeyframe()).isFalse();
    assertThat(s.droppedUnits()).isEqualTo(1);
  }

  @Test
  void shouldAbortOpenSegmentOnClose() {
    TsSegmenter s = new TsSegmenter(new TsProgram(Codec.H264, true), new SegmenterOptions(), ByteBufAllocator.DEFAULT, sink);
    feed(s, 0, 10, 25);
    s.close();
    s.close();
    assertThat(segments).isEmpty();
    MediaUnit late = video(1000, true, 10);
    s.accept(late);
    assertThat(late.refCnt()).isZero();
  }
}
