package dev.edgerelay.media.flv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.codec.NalUnits;
import dev.edgerelay.media.testing.EncodedStreams;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FLV written by real FFmpeg encoders, read back through the decoder and mapper. */
class FlvRealStreamTest {
  @TempDir
  Path dir;

  @Test
  void shouldMapEveryFrameOfAnOpenH264AndAacFlv() throws Exception {
    Path flv = EncodedStreams.recordWithJavaCv(dir.resolve("cam.flv"), 50, 25, 320, 240);
    List<MediaUnit> units = EncodedStreams.readUnits(flv);
    try {
      List<MediaUnit> video = units.stream().filter(u -> u.track() == Track.VIDEO).toList();
      List<MediaUnit> audio = units.stream().filter(u -> u.track() == Track.AUDIO).toList();
      assertThat(video).hasSize(50);
      assertThat(video.get(0).keyframe()).isTrue();
      assertThat(video).allSatisfy(u -> {
        assertThat(u.codec()).isEqualTo(Codec.H264);
        assertThat(u.config()).isNotNull();
        assertThat(NalUnits.forEach(u.payload(), (b, o, l) -> { })).as("whole 4-byte-prefixed NALs").isTrue();
        assertThat(u.keyframe()).isEqualTo(NalUnits.containsRandomAccess(Codec.H264, u.payload()));
      });
      assertThat(video).extracting(MediaUnit::dts).isSorted();
      assertThat(audio).hasSizeGreaterThan(80); // 2 s of 1024-sample frames at 44.1 kHz is ~86
      assertThat(audio).allSatisfy(u -> assertThat(u.config().codec()).isEqualTo(Codec.AAC));
    } finally {
      units.forEach(MediaUnit::release);
    }
  }

  @Test
  @Tag("interop")
  void shouldCarryBFrameCompositionOffsetsFromX264() throws Exception {
    EncodedStreams.assumeDebianFfmpeg();
    Path flv = EncodedStreams.recordWithFfmpegCli(dir.resolve("x264.flv"), 2);
    List<MediaUnit> units = EncodedStreams.readUnits(flv);
    try {
      List<MediaUnit> video = units.stream().filter(u -> u.track() == Track.VIDEO).toList();
      assertThat(video).hasSize(50);
      assertThat(video).anySatisfy(u -> assertThat(u.pts()).isGreaterThan(u.dts()));
      assertThat(video).extracting(MediaUnit::pts).doesNotHaveDuplicates();
      assertThat(video).filteredOn(MediaUnit::keyframe).hasSize(1);
    } finally {
      units.forEach(MediaUnit::release);
    }
  }
}
