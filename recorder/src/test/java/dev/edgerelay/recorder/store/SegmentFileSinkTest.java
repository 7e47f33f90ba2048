package dev.edgerelay.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.media.testing.SettableClock;
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

/** The write path's limits: a slow disk drops and counts, a failing disk stops the channel with a reason. */
class SegmentFileSinkTest {
  static final ChannelRef CAM = new ChannelRef("1234", 0);
  @TempDir Path data;
  SegmentStore store;
  final List<String> failures = new ArrayList<>();
  final List<SegmentRecord> committed = new ArrayList<>();
  final SegmentFileSink.Listener listener = new SegmentFileSink.Listener() {
    @Override
    public void committed(SegmentRecord segment) {
      committed.add(segment);
    }

    @Override
    public void failed(String reason) {
      failures.add(reason);
    }
  };

  @BeforeEach
  void open() throws Exception {
    store = SegmentStore.open(data, 30_000);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void shouldDropAndCountChunksWhileTheDiskIsBehindAndReleaseThemAll() {
    ArrayDeque<Runnable> stalledDisk = new ArrayDeque<>(); // the writer has not run yet
    SegmentFileSink sink = new SegmentFileSink(CAM, store, stalledDisk::add, 1_000, SettableClock.stepping(0, 1), listener);
    sink.open(0);
    List<ByteBuf> chunks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ByteBuf chunk = Unpooled.buffer(400).writeZero(400);
      chunks.add(chunk);
      sink.write(chunk);
    }

    assertThat(sink.droppedBytes()).isEqualTo(3 * 400); // two fit under 1000 bytes in flight
    stalledDisk.forEach(Runnable::run);
    assertThat(chunks).allSatisfy(c -> assertThat(c.refCnt()).isZero());
  }

  @Test
  void shouldStopTheChannelWithAReasonWhenTheDiskFails() throws Exception {
    Files.createDirectories(store.files().root());
    Files.writeString(store.files().root().resolve(CAM.deviceId()), "a file where the device directory should be");
    SegmentFileSink sink = new SegmentFileSink(CAM, store, Runnable::run, 1 << 20, SettableClock.stepping(0, 2_000),
        listener);

    try (var segmenter = SyntheticRecording.segmenter(sink, 2_000)) {
      SyntheticRecording.feed(segmenter, 0, 100, 1_000);
      segmenter.finish();
    }

    assertThat(sink.hasFailed()).isTrue();
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).startsWith("cannot create").contains(CAM.deviceId());
    assertThat(committed).isEmpty();
    assertThat(sink.droppedBytes()).isPositive(); // after the failure, bytes are let go, not queued
  }
}
