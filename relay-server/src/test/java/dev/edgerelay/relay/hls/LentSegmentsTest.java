package dev.edgerelay.relay.hls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.media.ts.PartStart;
import dev.edgerelay.media.ts.SegmentInfo;
import dev.edgerelay.media.ts.SegmentSink;
import dev.edgerelay.media.ts.SegmentTee;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.DiskBacklog;
import dev.edgerelay.recorder.store.RecordingCutter;
import dev.edgerelay.recorder.store.SegmentFileSink;
import dev.edgerelay.recorder.store.SegmentStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded channel's live segments are written once (docs/architecture.md, "Live HLS"): the recorder's cutter
 * lends each part it writes whole, and the spool serves it as a hard link to the recording file at the part's
 * offset; a part the recorder cuts short is dropped from the live window (the next one marked a discontinuity),
 * and a part it does not take is written by the spool itself. Real files, index and writer threads; the parts are
 * handed in by the test as the live segmenter would.
 */
class LentSegmentsTest {
  static final ChannelRef CAM = new ChannelRef("4242", 0);
  static final long PART_90K = 2 * 90_000;
  @TempDir Path dir;
  SegmentStore store;
  ExecutorService io;
  LiveSpool spool;
  final List<LiveSegment> published = new CopyOnWriteArrayList<>();
  final AtomicInteger lost = new AtomicInteger();
  final List<SegmentRecord> committed = new CopyOnWriteArrayList<>();
  SegmentTee tee;
  SegmentSink sink;
  RecordingCutter cutter;
  long sequence;

  @BeforeEach
  void start() throws Exception {
    store = SegmentStore.open(dir, 30_000);
    io = Executors.newSingleThreadExecutor();
    spool = LiveSpool.open(dir.resolve("spool"), store.files().root());
    assertThat(spool.lendsRecordings()).as("one file system: links work").isTrue();
    SegmentFileSink files = new SegmentFileSink(CAM, store, io, 1 << 20, Clock.systemUTC(), new DiskBacklog(CAM),
        new SegmentFileSink.Listener() {
          @Override
          public void committed(SegmentRecord segment) {
            committed.add(segment);
          }

          @Override
          public void failed(String reason) {
          }
        });
    // three parts per file
    cutter = new RecordingCutter(files, new DiskBacklog(CAM), 3 * PART_90K, 9 * PART_90K, 8 << 20, why -> { });
    tee = new SegmentTee();
    tee.add(cutter);
    sink = tee.around(spool.sink("s", 8 << 20, new SpoolSegmentSink.Listener() {
      @Override
      public void segment(LiveSegment segment) {
        published.add(segment);
      }

      @Override
      public void lost(SegmentInfo info) {
        lost.incrementAndGet();
      }
    }, tee::lendOpenPart));
  }

  @AfterEach
  void stop() throws Exception {
    io.shutdown();
    io.awaitTermination(10, TimeUnit.SECONDS);
    store.close();
  }

  /** One part of {@code size} bytes, all {@code fill}, handed in two chunks. */
  byte[] part(int size, int fill, boolean close) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) fill);
    sink.open(new PartStart(sequence, sequence * PART_90K, true, false));
    sink.write(Unpooled.wrappedBuffer(bytes, 0, size / 2));
    sink.write(Unpooled.wrappedBuffer(bytes, size / 2, size - size / 2));
    if (close) {
      sink.close(new SegmentInfo(sequence, sequence * PART_90K, PART_90K, size, true, 1_000 + sequence * 2_000,
          false), 50);
    }
    sequence++;
    return bytes;
  }

  static byte[] served(LiveSegment segment) throws Exception {
    long offset = segment.written().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (RandomAccessFile file = new RandomAccessFile(segment.file().toFile(), "r")) {
      byte[] bytes = new byte[(int) segment.size()];
      file.seek(offset);
      file.readFully(bytes);
      return bytes;
    }
  }

  @Test
  void shouldServeTheRecordersBytesThroughLinksAtEachPartsOffset() throws Exception {
    byte[] first = part(10_000, 1, true);
    byte[] second = part(20_000, 2, true);

    assertThat(published).hasSize(2);
    assertThat(served(published.get(0))).isEqualTo(first);
    assertThat(served(published.get(1))).isEqualTo(second);
    assertThat(published.get(1).written().toCompletableFuture().get()).as("offset of the second part")
        .isEqualTo(10_000);
    for (LiveSegment segment : published) {
      assertThat((Integer) Files.getAttribute(segment.file(), "unix:nlink")).as("the .part and both segments' links")
          .isEqualTo(3);
    }

    // the recording file is renamed at its commit; the links still hold the same bytes
    part(5_000, 3, true);
    part(5_000, 4, true); // its start closes the three-part file
    Eventually.until("the file committed", Duration.ofSeconds(10), () -> committed.size() == 1);
    Path recorded = store.file(committed.get(0));
    assertThat(Files.size(recorded)).isEqualTo(35_000);
    assertThat(Files.getAttribute(recorded, "unix:ino")).isEqualTo(Files.getAttribute(published.get(0).file(),
        "unix:ino"));
    assertThat(served(published.get(1))).isEqualTo(second);

    // eviction deletes the spool's link only: the recording stays whole
    published.get(0).release();
    Eventually.until("the link deleted", Duration.ofSeconds(10), () -> !Files.exists(published.get(0).file()));
    assertThat(Files.size(recorded)).isEqualTo(35_000);
    assertThat(lost).hasValue(0);
  }

  @Test
  void shouldKeepTheLentPartWholeWhenTheRecorderLeavesAtItsEnd() throws Exception {
    byte[] first = part(10_000, 1, true);
    byte[] second = part(10_000, 2, false);
    // the recording is stopped mid-part: the recorder leaves at that part's end, not now
    AtomicInteger left = new AtomicInteger();
    assertThat(tee.removeAtPartEnd(cutter, left::incrementAndGet)).isTrue();
    assertThat(left).as("still taking the open part").hasValue(0);
    sink.close(new SegmentInfo(1, PART_90K, PART_90K, 10_000, true, 3_000, false), 50);
    assertThat(left).hasValue(1);

    Eventually.until("the file committed", Duration.ofSeconds(10), () -> committed.size() == 1);
    assertThat(committed.get(0).durationMillis()).as("both parts whole").isEqualTo(4_000);
    assertThat(published).as("no part dropped from the live window").hasSize(2);
    assertThat(lost).hasValue(0);
    assertThat(served(published.get(0))).isEqualTo(first);
    assertThat(served(published.get(1))).isEqualTo(second);
    // the next part is the spool's own copy: the recorder takes no more
    byte[] third = part(7_000, 3, true);
    assertThat(served(published.get(2))).isEqualTo(third);
    assertThat((Integer) Files.getAttribute(published.get(2).file(), "unix:nlink")).isEqualTo(1);
  }

  @Test
  void shouldDropAPartTheRecorderCutShortAndWriteItsOwnCopyOnceItStopped() throws Exception {
    part(10_000, 1, true);
    part(10_000, 2, false);
    // the recorder stops mid-part: the file keeps the bytes so far, the live part cannot be served from it
    tee.remove(cutter);
    cutter.detached(new SegmentInfo(1, PART_90K, PART_90K / 2, 10_000, true, 3_000, false));
    Eventually.until("the file committed", Duration.ofSeconds(10), () -> committed.size() == 1);
    sink.close(new SegmentInfo(1, PART_90K, PART_90K, 10_000, true, 3_000, false), 50);

    assertThat(published).as("the cut-short part is not listed").hasSize(1);
    assertThat(lost).hasValue(1);
    byte[] third = part(7_000, 3, true);
    assertThat(published).hasSize(2);
    assertThat(served(published.get(1))).isEqualTo(third);
    assertThat(published.get(1).written().toCompletableFuture().get()).isZero();
    assertThat((Integer) Files.getAttribute(published.get(1).file(), "unix:nlink")).as("the spool's own file")
        .isEqualTo(1);
  }
}
