package dev.edgerelay.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramSegmenterTest {
  // a minimal AVCDecoderConfigurationRecord (SPS/PPS content is irrelevant to the muxer's framing)
  private static final CodecConfig AVC_A = new CodecConfig(Codec.H264, new byte[] {1, 0x42, 0, 0x1e, (byte) 0xff,
      (byte) 0xe1, 0, 4, 0x67, 0x42, 0, 0x1e, 1, 0, 2, 0x68, (byte) 0xce});
  private static final CodecConfig AVC_B = new CodecConfig(Codec.H264, new byte[] {1, 0x4d, 0, 0x28, (byte) 0xff,
      (byte) 0xe1, 0, 4, 0x67, 0x4d, 0, 0x28, 1, 0, 2, 0x68, (byte) 0xee});
  private static final CodecConfig AAC = new CodecConfig(Codec.AAC, new byte[] {0x12, 0x10});

  private final List<TsProgram> programs = new ArrayList<>();
  private final List<Segment> segments = new ArrayList<>();
  private final ProgramSegmenter segmenter = new ProgramSegmenter((program, first) -> {
    programs.add(program);
    return new TsSegmenter(program, new SegmenterOptions().setFirstSequence(first), ByteBufAllocator.DEFAULT,
        new MemorySegmentSink(ByteBufAllocator.DEFAULT, segments::add));
  });

  private MediaUnit video(long ms, boolean key, CodecConfig config) {
    // one NAL unit with a 4-byte length prefix: an IDR (type 5) or a non-IDR slice (type 1)
    byte[] nal = {0, 0, 0, 2, (byte) (key ? 0x65 : 0x41), (byte) 0x88};
    MediaUnit unit = new MediaUnit(Codec.H264, Timebase.MILLIS, ms, ms, key, config, Unpooled.wrappedBuffer(nal), ms);
    return unit;
  }

  private MediaUnit audio(long ms) {
    MediaUnit unit = new MediaUnit(Codec.AAC, Timebase.MILLIS, ms, ms, true, AAC, Unpooled.wrappedBuffer(new byte[8]), ms);
    return unit;
  }

  @Test
  void shouldWaitUpToASecondAtKeyframesForAudioBeforeTheFirstProgram() {
    segmenter.accept(video(0, true, AVC_A)); // no audio yet: the program waits
    segmenter.accept(audio(30));
    segmenter.accept(video(500, true, AVC_A));
    segmenter.accept(video(2600, true, AVC_A));
    segmenter.finish();

    assertThat(programs).containsExactly(new TsProgram(Codec.H264, true));
    segments.forEach(Segment::release);
  }

  @Test
  void shouldStartTheFirstSegmentAtTheFirstKeyframeThatWaitedForAudio() {
    // an origin replaying its cached GOP: the keyframe first, its audio a moment later
    segmenter.accept(video(0, true, AVC_A));
    segmenter.accept(video(40, false, AVC_A));
    segmenter.accept(audio(50));
    segmenter.accept(video(2000, true, AVC_A));
    segmenter.accept(video(4000, true, AVC_A));
    segmenter.finish();

    assertThat(programs).containsExactly(new TsProgram(Codec.H264, true));
    assertThat(segments.get(0).info().startPts90k()).isZero(); // no GOP lost to the wait: a cold start is not longer
    assertThat(segments.get(0).info().durationSeconds()).isEqualTo(2.0);
    segments.forEach(Segment::release);
  }

  @Test
  void shouldStartAVideoOnlyProgramAtTheFirstKeyframeAfterASecondWithoutAudio() {
    segmenter.accept(video(0, true, AVC_A));
    segmenter.accept(video(500, false, AVC_A));
    segmenter.accept(video(1000, false, AVC_A)); // a second of video, no audio: the wait is over
    segmenter.accept(video(2000, true, AVC_A));
    segmenter.finish();

    assertThat(programs).containsExactly(new TsProgram(Codec.H264, false));
    assertThat(segments.get(0).info().startPts90k()).isZero();
    segments.forEach(Segment::release);
  }

  @Test
  void shouldAnnounceAudioAtTheFirstKeyframeWhenAnAudioUnitCameBeforeIt() {
    segmenter.accept(audio(-10)); // what a reader of a running stream gets before its first keyframe
    segmenter.accept(video(0, true, AVC_A));
    segmenter.finish();

    assertThat(programs).containsExactly(new TsProgram(Codec.H264, true));
    segments.forEach(Segment::release);
  }

  @Test
  void shouldDecideFromTheUnitsItReceivesNotFromWhatTheSourceSentSince() {
    // GIVEN a reader that has seen only video so far (the source's audio may already be ahead of it)
    segmenter.accept(video(0, true, AVC_A));
    segmenter.accept(video(1000, true, AVC_A));
    // THEN its program is video-only until an audio unit reaches it, and changes at the keyframe after that
    assertThat(programs).containsExactly(new TsProgram(Codec.H264, false));
    segmenter.accept(audio(1010));
    assertThat(segmenter.accept(video(2000, true, AVC_A))).isTrue();
    segmenter.finish();

    assertThat(programs).containsExactly(new TsProgram(Codec.H264, false), new TsProgram(Codec.H264, true));
    segments.forEach(Segment::release);
  }

  @Test
  void shouldStartANewProgramWhenAudioAppearsLateAtTheNextKeyframe() {
    segmenter.accept(video(0, true, AVC_A));
    assertThat(segmenter.accept(video(1000, true, AVC_A))).isFalse(); // waited a second: video only
    segmenter.accept(video(1040, false, AVC_A));
    segmenter.accept(audio(1050)); // not in the announced program: dropped
    assertThat(segmenter.accept(video(3000, true, AVC_A))).isTrue();
    segmenter.finish();

    assertThat(programs).containsExactly(new TsProgram(Codec.H264, false), new TsProgram(Codec.H264, true));
    assertThat(segments).hasSize(2);
    assertThat(segments.get(1).info().sequence()).isEqualTo(1); // numbering continues across programs
    segments.forEach(Segment::release);
  }

  @Test
  void shouldStartANewProgramWhenTheVideoConfigurationChanges() {
    segmenter.accept(audio(0));
    segmenter.accept(video(0, true, AVC_A));
    assertThat(segmenter.accept(video(2000, true, AVC_A))).isFalse();
    assertThat(segmenter.accept(video(4000, true, AVC_B))).isTrue(); // a new resolution from the camera
    segmenter.finish();

    assertThat(segmenter.programChanges()).isEqualTo(1);
    segments.forEach(Segment::release);
  }

  @Test
  void shouldStartAVideoChannelWithVideoWhenAudioComesAGopBeforeTheFirstKeyframe() {
    // GIVEN an nginx-rtmp style join: audio at once, video only from the next keyframe, 10 s (a long GOP) later
    for (long ms = 0; ms < 10_000; ms += 23) {
      segmenter.accept(audio(ms));
    }
    assertThat(programs).isEmpty();
    segmenter.accept(video(10_000, true, AVC_A));
    segmenter.accept(audio(10_010));
    segmenter.finish();

    // THEN the first program, and so the first segment, carries video; the audio before it was held and counted
    assertThat(programs).containsExactly(new TsProgram(Codec.H264, true));
    assertThat(segmenter.heldAudioUnits()).isEqualTo(435);
    assertThat(segments).hasSize(1);
    segments.forEach(Segment::release);
  }

  @Test
  void shouldDecideAudioOnlyAfterTheNamedDurationOfAudioWithoutVideo() {
    ProgramSegmenter audioOnly = new ProgramSegmenter((program, first) -> {
      programs.add(program);
      return new TsSegmenter(program, new SegmenterOptions().setFirstSequence(first), ByteBufAllocator.DEFAULT,
          new MemorySegmentSink(ByteBufAllocator.DEFAULT, segments::add));
    }, Duration.ofSeconds(3));
    audioOnly.accept(audio(0));
    audioOnly.accept(audio(2999));
    assertThat(programs).isEmpty();
    audioOnly.accept(audio(3000));
    audioOnly.accept(audio(3023));
    audioOnly.finish();

    assertThat(programs).containsExactly(new TsProgram(null, true));
    assertThat(audioOnly.heldAudioUnits()).isEqualTo(2);
    assertThat(segments).hasSize(1);
    segments.forEach(Segment::release);
  }

  @Test
  void shouldDecideAudioOnlyByDefaultOnlyAfterLongerThanAnyGop() {
    segmenter.accept(audio(0));
    segmenter.accept(audio(11_000));
    assertThat(programs).isEmpty();
    segmenter.accept(audio(ProgramSegmenter.DEFAULT_AUDIO_ONLY_AFTER.toMillis()));
    segmenter.accept(audio(ProgramSegmenter.DEFAULT_AUDIO_ONLY_AFTER.toMillis() + 23));
    segmenter.finish();

    assertThat(programs).containsExactly(new TsProgram(null, true));
    assertThat(segments).hasSize(1);
    segments.forEach(Segment::release);
  }
}
