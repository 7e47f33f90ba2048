package dev.edgerelay.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.testing.EncodedStreams;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.media.testing.SettableClock;
import dev.edgerelay.media.testing.StallingExecutor;
import dev.edgerelay.media.ts.SegmenterOptions;
import dev.edgerelay.media.ts.TsProgram;
import dev.edgerelay.media.ts.TsSegmenter;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.testing.CollectingListener;
import io.netty.buffer.ByteBufAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that stalls in the middle of a recording: the file open at that moment is closed early at a live part's
 * boundary, parts are skipped until the disk has caught up, and recording resumes at a keyframe part with a
 * discontinuity. Real H.264 + AAC (libopenh264 via JavaCV), the real {@link TsSegmenter} cutting live parts, the
 * {@link RecordingCutter} joining them, real files and index; the stall is a gate in front of each file
 * operation of the channel's writer, as a blocked {@code write(2)}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StalledDiskRecordingTest {
  static final ChannelRef CAM = new ChannelRef("5678", 1);
  static final int FPS = 25;
  /** The live parts' target; the recorder's files are two of them. */
  static final long PART_MILLIS = 2_000;
  static final long TARGET_MILLIS = 2 * PART_MILLIS;
  @TempDir Path data;
  SegmentStore store;
  ExecutorService pool;
  final CollectingListener listener = new CollectingListener();

  @BeforeEach
  void open() throws Exception {
    store = SegmentStore.open(data, 30_000);
    pool = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void close() throws Exception {
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    store.close();
  }

  @Test
  void shouldCutTheSegmentAtAWholeUnitAndResumeAtAKeyframeWhenTheDiskStalls() throws Exception {
    List<MediaUnit> units = EncodedStreams.readUnits(
        EncodedStreams.recordWithJavaCv(data.resolve("clip.flv"), 20 * FPS, FPS, 320, 240));
    SerialExecutor serial = new SerialExecutor(pool);
    StallingExecutor disk = new StallingExecutor(serial); // each file operation in turn, as a blocked write(2)
    long mediaMillis = units.get(units.size() - 1).receivedAtMillis() - units.get(0).receivedAtMillis();
    long bytesPerSecond = units.stream().mapToLong(u -> u.content().readableBytes()).sum() * 1000 / mediaMillis;
    // the open file is cut at half of this, at the first part boundary after about 2 s of stall; the other half
    // holds the part being written then
    long maxInFlight = Math.max(4 * bytesPerSecond, 4L * SegmenterOptions.DEFAULT_CHUNK_BYTES);
    SettableClock clock = SettableClock.at(units.get(0).receivedAtMillis());
    DiskBacklog backlog = new DiskBacklog(CAM);
    SegmentFileSink sink = new SegmentFileSink(CAM, store, disk, maxInFlight, clock, backlog, listener);
    RecordingCutter cutter = new RecordingCutter(sink, backlog, TARGET_MILLIS * 90, TARGET_MILLIS * 90 * 3,
        SegmenterOptions.DEFAULT_MAX_BYTES, why -> { });
    MediaUnit firstVideo = units.stream().filter(u -> u.track() == Track.VIDEO).findFirst().orElseThrow();
    long cutAtMillis = -1;
    try (TsSegmenter segmenter = new TsSegmenter(new TsProgram(firstVideo.codec(), true),
        new SegmenterOptions().setTargetDuration90k(PART_MILLIS * 90).setMaxDuration90k(PART_MILLIS * 90 * 5),
        ByteBufAllocator.DEFAULT, cutter)) {
      long stallFrom = units.get(0).receivedAtMillis() + 7_000; // 7 s in, mid-file
      long stallUntil = -1;
      boolean stalled = false;
      for (MediaUnit unit : units) {
        long now = unit.receivedAtMillis();
        clock.setMillis(now);
        if (!stalled && now >= stallFrom) {
          stalled = true;
          disk.stall();
        }
        boolean flowing = stallUntil >= 0 ? now >= stallUntil : now < stallFrom;
        long cutsBefore = backlog.earlyCuts();
        segmenter.accept(unit); // the live muxer never skips: the cutter decides per part
        if (backlog.earlyCuts() > cutsBefore) {
          cutAtMillis = now;
          stallUntil = now + 2_000; // the disk stays stalled for 2 s of media after the cut
        }
        if (stallUntil >= 0 && now >= stallUntil) {
          disk.resume();
        }
        if (flowing) { // a disk that keeps up: feeding waits for it, as real time would
          Eventually.until("the disk writes what it has", Duration.ofSeconds(10), () -> sink.inFlightBytes() == 0);
        }
      }
      disk.resume();
      segmenter.finish();
      cutter.ended();
    }
    CountDownLatch written = new CountDownLatch(1);
    serial.execute(written::countDown);
    assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();

    // THEN one early cut, counted, with the units of the parts after it skipped until the disk caught up
    assertThat(listener.failures).isEmpty();
    assertThat(cutAtMillis).isPositive();
    assertThat(backlog.earlyCuts()).isEqualTo(1);
    assertThat(backlog.skippedUnits()).isGreaterThan(2L * FPS); // at least the 2 s of the stall
    assertThat(backlog.abandonedSegments()).isZero();
    List<SegmentRecord> segments = listener.committed.stream()
        .sorted((a, b) -> Long.compare(a.startMillis(), b.startMillis())).toList();
    assertThat(segments).hasSizeGreaterThan(3);
    // the first segment starts the video; the one after the cut is a discontinuity
    assertThat(segments.stream().filter(SegmentRecord::discontinuity).count()).isEqualTo(2);
    long cutAt = cutAtMillis;
    SegmentRecord cut = segments.stream().filter(s -> s.endMillis() <= cutAt + 100).reduce((a, b) -> b).orElseThrow();
    assertThat(cut.durationMillis()).as("the segment closed early").isLessThan(TARGET_MILLIS);
    for (SegmentRecord s : segments) {
      assertThat(Files.size(store.file(s)) % 188).isZero();
      assertThat(Files.size(store.file(s))).isEqualTo(s.sizeBytes());
    }

    // AND every segment on disk is whole: FFmpeg decodes as many frames as its duration holds (a dropped chunk
    // inside a file would lose frames)
    EncodedStreams.assumeDebianFfmpeg();
    for (SegmentRecord s : segments) {
      assertThat(EncodedStreams.decodedVideoFrames(store.file(s))).as("frames of %s", s)
          .isCloseTo(s.durationMillis() * FPS / 1000, Offset.offset(1L));
    }
  }
}
