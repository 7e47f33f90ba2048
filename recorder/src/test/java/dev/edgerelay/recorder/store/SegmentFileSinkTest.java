package dev.edgerelay.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.SettableClock;
import dev.edgerelay.media.ts.PartStart;
import dev.edgerelay.media.ts.SegmentInfo;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.testing.CollectingListener;
import dev.edgerelay.recorder.testing.SyntheticRecording;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write path's limits: a chunk that would pass the bound discards its segment whole (never a hole), a
 * failing disk stops the channel with a reason.
 */
class SegmentFileSinkTest {
  static final ChannelRef CAM = new ChannelRef("1234", 0);
  @TempDir Path data;
  SegmentStore store;
  final CollectingListener listener = new CollectingListener();
  final List<SegmentRecord> committed = listener.committed;
  final List<String> failures = listener.failures;

  @BeforeEach
  void open() throws Exception {
    store = SegmentStore.open(data, 30_000);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void shouldDiscardTheOpenSegmentWholeWhenAChunkWouldPassTheBoundAndReleaseEveryChunk() throws Exception {
    ArrayDeque<Runnable> stalledDisk = new ArrayDeque<>(); // the writer has not run yet
    DiskBacklog backlog = new DiskBacklog(CAM);
    SegmentFileSink sink = new SegmentFileSink(CAM, store, stalledDisk::add, 1_000, SettableClock.at(1_000), backlog,
        listener);
    sink.open(new PartStart(0, 0, true, false));
    List<ByteBuf> chunks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ByteBuf chunk = Unpooled.buffer(400).writeZero(400);
      chunks.add(chunk);
      sink.write(chunk);
    }
    sink.close(new SegmentInfo(0, 0, 90_000, 2_000, true, 1_000, false));

    assertThat(sink.inFlightBytes()).isEqualTo(2 * 400); // two fit under 1000 bytes in flight, the third tears it
    assertThat(backlog.abandonedSegments()).isEqualTo(1);
    stalledDisk.forEach(Runnable::run);
    assertThat(chunks).allSatisfy(c -> assertThat(c.refCnt()).isZero());
    assertThat(committed).isEmpty(); // a segment with a hole is never indexed
    try (var files = Files.walk(store.files().root())) {
      assertThat(files.filter(Files::isRegularFile).toList()).isEmpty(); // nor left on disk
    }
  }

  @Test
  void shouldTellTheBacklogHowLongEachSegmentTookFromItsCloseToItsCommit() throws Exception {
    DiskBacklog backlog = new DiskBacklog(CAM);
    List<Long> latencies = new ArrayList<>();
    backlog.onCommitLatency(latencies::add);
    SegmentFileSink sink = new SegmentFileSink(CAM, store, Runnable::run, 1 << 20, SettableClock.stepping(0, 2_000),
        backlog, listener);

    try (var segmenter = SyntheticRecording.segmenter(sink, 2_000)) {
      SyntheticRecording.feed(segmenter, 0, 100, 1_000);
      segmenter.finish();
    }

    assertThat(committed).isNotEmpty();
    assertThat(latencies).hasSameSizeAs(committed).allSatisfy(nanos -> assertThat(nanos).isPositive());
  }

  @Test
  void shouldStopTheChannelWithAReasonWhenTheDiskFails() throws Exception {
    Files.createDirectories(store.files().root());
    Files.writeString(store.files().root().resolve(CAM.deviceId()), "a file where the device directory should be");
    SegmentFileSink sink = new SegmentFileSink(CAM, store, Runnable::run, 1 << 20, SettableClock.stepping(0, 2_000),
        new DiskBacklog(CAM), listener);

    try (var segmenter = SyntheticRecording.segmenter(sink, 2_000)) {
      SyntheticRecording.feed(segmenter, 0, 100, 1_000);
      segmenter.finish();
    }

    assertThat(sink.hasFailed()).isTrue();
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).startsWith("cannot create").contains(CAM.deviceId());
    assertThat(committed).isEmpty();
    assertThat(sink.inFlightBytes()).isZero(); // after the failure, bytes are let go, not queued
  }
}
