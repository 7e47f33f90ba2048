package dev.edgerelay.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.SettableClock;
import dev.edgerelay.media.ts.PartStart;
import dev.edgerelay.media.ts.SegmentInfo;
import dev.edgerelay.media.ts.SegmenterOptions;
import dev.edgerelay.media.ts.TsPacket;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.testing.CollectingListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's files from live parts: where a file starts (a keyframe part), where it ends (target reached
 * before a keyframe part, a cap, a discontinuity, a stop mid-part) and that it holds exactly the parts' bytes.
 * Parts are synthetic (packets filled with the part's number); files, index and sink are real.
 */
class RecordingCutterTest {
  static final ChannelRef CAM = new ChannelRef("4321", 0);
  static final long T0 = Instant.parse("2026-11-26T06:00:00Z").toEpochMilli();
  static final long TARGET_MILLIS = 4_000;
  static final int PACKETS_PER_PART = 3;
  @TempDir Path data;
  SegmentStore store;
  final CollectingListener listener = new CollectingListener();
  final List<String> stopped = new ArrayList<>();
  final SettableClock clock = SettableClock.at(T0);
  RecordingCutter cutter;
  long sequence;
  long pts90k = 900_000;

  @BeforeEach
  void open() throws Exception {
    store = SegmentStore.open(data, 30_000);
    cutter = cutter(SegmenterOptions.DEFAULT_MAX_BYTES);
  }

  @AfterEach
  void close() {
    store.close();
  }

  RecordingCutter cutter(long maxBytes) {
    SegmentFileSink sink = new SegmentFileSink(CAM, store, Runnable::run, 1 << 20, clock, new DiskBacklog(CAM), listener);
    return new RecordingCutter(sink, new DiskBacklog(CAM), TARGET_MILLIS * 90, TARGET_MILLIS * 90 * 3, maxBytes,
        stopped::add);
  }

  /** Starts a part of {@code millis} and writes its packets: every byte is the part's number. */
  SegmentInfo startPart(boolean keyframe, boolean discontinuity, long millis) {
    long seq = sequence++;
    cutter.open(new PartStart(seq, pts90k, keyframe, discontinuity));
    ByteBuf chunk = Unpooled.buffer(PACKETS_PER_PART * TsPacket.SIZE);
    for (int i = 0; i < PACKETS_PER_PART * TsPacket.SIZE; i++) {
      chunk.writeByte((int) seq);
    }
    cutter.write(chunk);
    SegmentInfo info = new SegmentInfo(seq, pts90k, millis * 90, PACKETS_PER_PART * TsPacket.SIZE, keyframe,
        clock.millis(), discontinuity);
    pts90k += millis * 90;
    clock.setMillis(clock.millis() + millis);
    return info;
  }

  void part(boolean keyframe, long millis) {
    cutter.close(startPart(keyframe, false, millis), 50);
  }

  List<SegmentRecord> segments() {
    return listener.committed;
  }

  /** The part numbers a file holds, in order, from its bytes. */
  List<Integer> partsOf(SegmentRecord s) throws Exception {
    byte[] bytes = Files.readAllBytes(store.file(s));
    assertThat(bytes.length % (PACKETS_PER_PART * TsPacket.SIZE)).isZero();
    List<Integer> parts = new ArrayList<>();
    for (int at = 0; at < bytes.length; at += PACKETS_PER_PART * TsPacket.SIZE) {
      parts.add((int) bytes[at]);
    }
    return parts;
  }

  @Test
  void shouldCloseAFileAtTheFirstKeyframePartAfterTheTarget() throws Exception {
    part(true, 2_000);
    part(true, 2_000);
    part(false, 2_000); // the target is reached, but this part does not decode on its own: the file goes on
    part(true, 2_000);
    part(true, 2_000);
    cutter.ended();

    assertThat(segments()).hasSize(2);
    assertThat(partsOf(segments().get(0))).containsExactly(0, 1, 2);
    assertThat(segments().get(0).durationMillis()).isEqualTo(6_000);
    assertThat(partsOf(segments().get(1))).containsExactly(3, 4);
    assertThat(segments().get(1).durationMillis()).isEqualTo(4_000);
    assertThat(segments().get(1).startMillis()).isEqualTo(segments().get(0).endMillis());
    assertThat(stopped).containsExactly("the stream ended");
  }

  @Test
  void shouldStartTheFirstFileAtAPartThatStartsWithAKeyframe() throws Exception {
    part(false, 2_000); // attached mid-GOP
    part(false, 2_000);
    part(true, 2_000);
    cutter.detached(null);

    assertThat(segments()).hasSize(1);
    assertThat(partsOf(segments().get(0))).containsExactly(2);
  }

  @Test
  void shouldEndTheFileAtADiscontinuityAndMarkTheNextOne() throws Exception {
    part(true, 2_000);
    cutter.close(startPart(true, true, 2_000), 50); // a source restart
    part(true, 2_000);
    cutter.detached(null);

    assertThat(segments()).hasSize(2);
    assertThat(partsOf(segments().get(0))).containsExactly(0);
    assertThat(partsOf(segments().get(1))).containsExactly(1, 2);
    assertThat(segments().get(1).discontinuity()).isTrue();
  }

  @Test
  void shouldKeepTheOpenPartsBytesWhenDetachedMidPart() throws Exception {
    part(true, 2_000);
    SegmentInfo open = startPart(true, false, 2_000);
    // the muxer hands off the part so far: 1.2 s of it
    cutter.detached(new SegmentInfo(open.sequence(), open.startPts90k(), 1_200 * 90, open.sizeBytes(), true,
        open.wallClockStartMillis(), false));

    assertThat(segments()).hasSize(1);
    assertThat(partsOf(segments().get(0))).containsExactly(0, 1);
    assertThat(segments().get(0).durationMillis()).isEqualTo(3_200);
    assertThat(stopped).isEmpty();
  }

  @Test
  void shouldCutBeforeAPartThatWouldPassTheByteCapAndGoOnAtTheNextPart() throws Exception {
    cutter = cutter(2L * PACKETS_PER_PART * TsPacket.SIZE); // two parts per file at most
    part(true, 1_000);
    part(false, 1_000);
    part(false, 1_000); // would pass the cap: a new file, although the part has no keyframe (as a cap cut is)
    cutter.ended();

    assertThat(segments()).hasSize(2);
    assertThat(partsOf(segments().get(0))).containsExactly(0, 1);
    assertThat(partsOf(segments().get(1))).containsExactly(2);
    assertThat(segments().get(1).discontinuity()).isFalse();
    for (SegmentRecord s : segments()) {
      assertThat(Files.size(store.file(s))).isEqualTo(s.sizeBytes());
    }
  }
}
