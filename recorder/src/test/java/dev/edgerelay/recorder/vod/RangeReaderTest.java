package dev.edgerelay.recorder.vod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.codec.ParameterSets;
import dev.edgerelay.media.ts.TsMuxer;
import dev.edgerelay.media.ts.TsProgram;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.SegmentStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segment files of a range read back as one timeline: from 0, across gaps and clock restarts, minus lost files. */
class RangeReaderTest {
  static final ChannelRef CHANNEL = new ChannelRef("1001", 0);
  static final CodecConfig AVC = new CodecConfig(Codec.H264, ParameterSets.avcRecord(
      HexFormat.of().parseHex("6742c01fd9005005bb011000000300100000030320f1832480"), HexFormat.of().parseHex("68cb83cb20")));
  static final CodecConfig AAC = new CodecConfig(Codec.AAC, HexFormat.of().parseHex("1190"));
  static final int FRAMES = 50; // 2 s at 25 fps
  static final long SEGMENT_MILLIS = 2_000;
  @TempDir Path dir;
  SegmentStore store;

  @BeforeEach
  void open() throws Exception {
    store = SegmentStore.open(dir, 1_000);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** A 2 s segment on disk whose TS clock starts at {@code clockMillis} (a restarted source starts anywhere). */
  SegmentRecord segment(long startMillis, long clockMillis) throws Exception {
    SegmentRecord s = new SegmentRecord(CHANNEL, startMillis, SEGMENT_MILLIS, 0, startMillis, false);
    ByteBuf out = Unpooled.buffer();
    try (TsMuxer muxer = new TsMuxer(new TsProgram(Codec.H264, true), ByteBufAllocator.DEFAULT)) {
      muxer.writeTables(out);
      long audio = clockMillis;
      for (int i = 0; i < FRAMES; i++) {
        long ms = clockMillis + i * 40L;
        for (; audio <= ms; audio += 20) {
          muxer.write(new MediaUnit(Codec.AAC, Timebase.MILLIS, audio, audio, true, AAC, nal(0x21, 100, 0), 0), out);
        }
        muxer.write(new MediaUnit(Codec.H264, Timebase.MILLIS, ms, ms, i == 0, AVC, nal(i == 0 ? 0x65 : 0x41, 900, 4), 0), out);
      }
      muxer.flush(out);
    }
    Path file = store.file(s);
    Files.createDirectories(file.getParent());
    Files.write(file, ByteBufUtil.getBytes(out));
    out.release();
    return s;
  }

  static ByteBuf nal(int header, int size, int lengthPrefix) {
    ByteBuf b = Unpooled.buffer(size + lengthPrefix);
    if (lengthPrefix == 4) {
      b.writeInt(size);
    }
    b.writeByte(header);
    for (int k = 1; k < size; k++) {
      b.writeByte(k % 251 + 1);
    }
    return b;
  }

  /** Every unit's track and DTS until the range ends, released as read. */
  static List<long[]> readAll(RangeReader reader) throws Exception {
    List<long[]> got = new ArrayList<>();
    RangeReader.Batch batch;
    do {
      batch = reader.readChunk();
      for (MediaUnit u : batch.units()) {
        assertThat(u.timebase()).isEqualTo(Timebase.MILLIS);
        got.add(new long[] {u.track().ordinal(), u.dts(), u.keyframe() ? 1 : 0});
        u.release();
      }
    } while (!batch.end());
    return got;
  }

  static List<Long> dts(List<long[]> got, Track track) {
    return got.stream().filter(u -> u[0] == track.ordinal()).map(u -> u[1]).toList();
  }

  @Test
  void shouldPutSegmentsEndToEndOnOneTimelineFromZeroAcrossAGapAndAClockRestart() throws Exception {
    List<SegmentRecord> range = List.of(segment(10_000, 5_000), segment(60_000, 900_000)); // 48 s apart, new clock

    List<long[]> got = readAll(new RangeReader(store, range, 0, 16 * 1024));

    List<Long> video = dts(got, Track.VIDEO);
    assertThat(video).hasSize(2 * FRAMES);
    for (int i = 0; i < video.size(); i++) {
      assertThat(video.get(i)).as("video frame %d", i).isEqualTo(i * 40L);
    }
    assertThat(dts(got, Track.AUDIO)).isSortedAccordingTo(Long::compare).allMatch(t -> t >= 0 && t < 2 * SEGMENT_MILLIS);
  }

  @Test
  void shouldStartAtTheSegmentASeekLandsIn() throws Exception {
    List<SegmentRecord> range = List.of(segment(10_000, 0), segment(12_000, 2_000), segment(14_000, 4_000));
    long[] timeline = RangeReader.timeline(range);
    assertThat(timeline).containsExactly(0, 2_000, 4_000, 6_000);

    int first = RangeReader.segmentAt(timeline, 4_500);
    List<long[]> got = readAll(new RangeReader(store, range, first, 16 * 1024));

    assertThat(first).isEqualTo(2);
    assertThat(dts(got, Track.VIDEO)).first().isEqualTo(4_000L);
    assertThat(got.stream().filter(u -> u[0] == Track.VIDEO.ordinal()).findFirst().orElseThrow()[2])
        .as("a seek starts on the keyframe opening the segment").isEqualTo(1);
    assertThat(RangeReader.segmentAt(timeline, 60_000)).as("past the end: the last segment").isEqualTo(2);
  }

  @Test
  void shouldSkipASegmentWhoseFileRetentionDeleted() throws Exception {
    List<SegmentRecord> range = List.of(segment(10_000, 0), segment(12_000, 2_000), segment(14_000, 4_000));
    Files.delete(store.file(range.get(1)));

    List<Long> video = dts(readAll(new RangeReader(store, range, 0, 16 * 1024)), Track.VIDEO);

    assertThat(video).hasSize(2 * FRAMES).contains(0L, 1_960L, 4_000L, 5_960L).doesNotContain(2_000L);
  }

  @Test
  void shouldGiveNothingMoreOnceClosed() throws Exception {
    RangeReader reader = new RangeReader(store, List.of(segment(10_000, 0)), 0, 4 * 1024);
    RangeReader.Batch first = reader.readChunk();
    assertThat(first.units()).isNotEmpty();
    assertThat(first.end()).isFalse();
    first.release();

    reader.close();

    RangeReader.Batch after = reader.readChunk();
    assertThat(after.units()).isEmpty();
    assertThat(after.end()).isTrue();
  }
}
