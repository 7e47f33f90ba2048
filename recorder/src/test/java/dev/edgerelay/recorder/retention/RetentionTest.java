package dev.edgerelay.recorder.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.recorder.store.SegmentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Oldest first, whole segments, across channels; videos shrink; pinned segments go only when the disk would fill. */
class RetentionTest {
  static final ChannelRef A = new ChannelRef("1001", 0);
  static final ChannelRef B = new ChannelRef("1002", 0);
  static final long HOUR = 3_600_000;
  static final long NOW = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
  static final int SIZE = 188 * 10;
  final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
  @TempDir Path data;
  SegmentStore store;
  final AtomicLong free = new AtomicLong(Long.MAX_VALUE / 2);

  @BeforeEach
  void open() throws Exception {
    store = SegmentStore.open(data, 30_000);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** A real file and its entry; one 10 s segment. */
  SegmentRecord segment(ChannelRef c, long start, long videoId) throws Exception {
    Path file = store.files().finished(c, start, 10_000);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[SIZE]);
    SegmentRecord s = new SegmentRecord(c, start, 10_000, SIZE, videoId, false);
    store.index().addSegment(s, "v");
    return s;
  }

  Retention retention(long quota, long minFree, long maxAge, Map<ChannelRef, Long> overrides, PinnedSegments pinned) {
    return new Retention(store, new RetentionPolicy(quota, minFree, maxAge, overrides), pinned, free::get, clock);
  }

  @Test
  void shouldDeleteTheOldestSegmentsAcrossChannelsUntilUnderQuota() throws Exception {
    long t = NOW - HOUR;
    for (int i = 0; i < 5; i++) {
      segment(A, t + i * 20_000, t); // A: t, t+20, t+40, ...
      segment(B, t + 10_000 + i * 20_000, t + 10_000); // B interleaved: t+10, t+30, ...
    }

    Retention retention = retention(6L * SIZE, 0, 0, Map.of(), PinnedSegments.NONE);
    Retention.Report report = retention.run();

    assertThat(report.deletedSegments()).isEqualTo(4);
    assertThat(retention.deletedSegmentsTotal()).isEqualTo(4); // what /edge/metrics counts, run after run
    assertThat(retention.deletedBytesTotal()).isEqualTo(4L * SIZE);
    assertThat(store.index().videos().usedBytes()).isEqualTo(6L * SIZE);
    assertThat(store.index().segments().first(A).orElseThrow().startMillis()).isEqualTo(t + 40_000);
    assertThat(store.index().segments().first(B).orElseThrow().startMillis()).isEqualTo(t + 50_000);
    VideoRecord a = store.index().videos().get(A, t).orElseThrow();
    assertThat(a.startMillis()).isEqualTo(t + 40_000); // the video shrank: its start moved forward
    assertThat(a.segments()).isEqualTo(3);
    assertThat(Files.exists(store.files().finished(A, t, 10_000))).isFalse();
  }

  @Test
  void shouldApplyTheMaxAgeWithPerChannelOverridesAndDropEmptiedVideos() throws Exception {
    segment(A, NOW - 5 * HOUR, NOW - 5 * HOUR);
    segment(A, NOW - HOUR, NOW - HOUR);
    segment(B, NOW - 5 * HOUR, NOW - 5 * HOUR);

    retention(0, 0, 2 * HOUR, Map.of(B, 10 * HOUR), PinnedSegments.NONE).run();

    assertThat(store.index().videos().get(A, NOW - 5 * HOUR)).isEmpty();
    assertThat(store.index().videos().get(A, NOW - HOUR)).isPresent();
    assertThat(store.index().videos().get(B, NOW - 5 * HOUR)).isPresent(); // B keeps 10 h
  }

  @Test
  void shouldKeepSegmentsWaitingForUploadUnlessTheDiskWouldFill() throws Exception {
    SegmentRecord oldest = segment(A, NOW - HOUR, NOW - HOUR);
    SegmentRecord next = segment(A, NOW - HOUR + 10_000, NOW - HOUR);
    Set<SegmentRecord> waiting = Set.of(oldest, next);
    PinnedSegments outbox = waiting::contains; // a real predicate over the segments still to upload

    Retention overQuota = retention(SIZE, 0, 0, Map.of(), outbox);
    assertThat(overQuota.run().deletedSegments()).isZero(); // over quota, but the disk is fine: kept
    assertThat(overQuota.run().lostPinned()).isZero();

    free.set(100); // the volume is about to fill
    Retention floor = retention(0, SIZE + 50, 0, Map.of(), outbox);
    assertThat(floor.underFreeSpace()).isTrue();
    Retention.Report report = floor.run();

    assertThat(report.deletedSegments()).isEqualTo(1);
    assertThat(report.lostPinned()).isEqualTo(1); // counted, never silent
    assertThat(floor.lostPinnedTotal()).isEqualTo(1);
    assertThat(store.index().segments().get(A, oldest.startMillis())).isEmpty();
    assertThat(store.index().segments().get(A, next.startMillis())).isPresent();
  }

  @Test
  void shouldLookPastMoreThanOneBatchOfPinnedSegments() throws Exception {
    java.util.Set<Long> pinnedStarts = new java.util.HashSet<>();
    long t = NOW - 10 * HOUR;
    for (int i = 0; i < Retention.BATCH + 10; i++) {
      pinnedStarts.add(segment(A, t + i * 10_000L, t).startMillis());
    }
    SegmentRecord unpinned = segment(A, t + (Retention.BATCH + 10) * 10_000L, t);

    retention(store.index().videos().usedBytes() - 1, 0, 0, Map.of(), s -> pinnedStarts.contains(s.startMillis())).run();

    assertThat(store.index().segments().get(A, unpinned.startMillis())).isEmpty();
    assertThat(store.index().segments().overlapping(A, 0, Long.MAX_VALUE)).hasSize(Retention.BATCH + 10);
  }

  @Test
  void shouldPreferUnpinnedSegmentsEvenWhenNewer() throws Exception {
    SegmentRecord pinnedOld = segment(A, NOW - 2 * HOUR, NOW - 2 * HOUR);
    SegmentRecord newer = segment(B, NOW - HOUR, NOW - HOUR);

    retention(SIZE, 0, 0, Map.of(), s -> s.equals(pinnedOld)).run();

    assertThat(store.index().segments().get(A, pinnedOld.startMillis())).isPresent();
    assertThat(store.index().segments().get(B, newer.startMillis())).isEmpty();
  }
}
