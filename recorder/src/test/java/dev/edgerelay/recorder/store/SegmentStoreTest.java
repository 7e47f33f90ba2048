package dev.edgerelay.recorder.store;

import dev.edgerelay.media.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.ts.TsSegmenter;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.recorder.testing.CollectingListener;
import dev.edgerelay.recorder.testing.SyntheticRecording;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and index in agreement: recording, restart reconciliation, crash tails and rebuild from files alone. */
class SegmentStoreTest {
  static final ChannelRef CAM = new ChannelRef("1234", 0);
  static final long T0 = Instant.parse("2026-11-26T06:00:00Z").toEpochMilli();
  static final long GAP = 5_000;
  @TempDir Path data;
  SegmentStore store;
  final CollectingListener listener = new CollectingListener();
  final List<SegmentRecord> committed = listener.committed;
  final List<String> failures = listener.failures;

  @BeforeEach
  void open() throws Exception {
    store = SegmentStore.open(data, GAP);
  }

  @AfterEach
  void close() {
    store.close();
  }

  SegmentFileSink sink(Clock clock) {
    return new SegmentFileSink(CAM, store, Runnable::run, 1 << 20, clock, new DiskBacklog(CAM), listener);
  }

  /** Records {@code seconds} of media starting at wall clock {@code wallStart}, in 2 s segments. */
  void record(long wallStart, int seconds) {
    try (TsSegmenter s = SyntheticRecording.segmenter(sink(SettableClock.stepping(wallStart, 2_000)), 2_000)) {
      SyntheticRecording.feed(s, 0, seconds * 25, 2_000);
      s.finish();
    }
  }

  List<Path> files() throws Exception {
    try (Stream<Path> w = Files.walk(store.files().root())) {
      return w.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void shouldNameFinishedSegmentsByStartAndDurationInUtcDayDirectories() throws Exception {
    record(T0, 6);

    assertThat(failures).isEmpty();
    assertThat(committed).hasSize(3);
    assertThat(committed).extracting(SegmentRecord::startMillis).containsExactly(T0, T0 + 2_000, T0 + 4_000);
    assertThat(committed).extracting(SegmentRecord::durationMillis).containsExactly(2_000L, 2_000L, 2_000L);
    assertThat(files()).extracting(p -> store.files().root().relativize(p).toString()).containsExactly(
        "1234/0/20261126/" + T0 + "-2000.ts", "1234/0/20261126/" + (T0 + 2_000) + "-2000.ts",
        "1234/0/20261126/" + (T0 + 4_000) + "-2000.ts");
    assertThat(committed).allSatisfy(s -> assertThat(s.sizeBytes()).isEqualTo(Files.size(store.file(s)))
        .matches(n -> n % 188 == 0));
    VideoRecord video = store.index().videos().get(CAM, T0).orElseThrow();
    assertThat(video.startMillis()).isEqualTo(T0);
    assertThat(video.endMillis()).isEqualTo(T0 + 6_000);
    assertThat(video.segments()).isEqualTo(3);
  }

  @Test
  void shouldStartANewVideoAfterAGapLongerThanTheThreshold() throws Exception {
    record(T0, 4);
    record(T0 + 4_000 + GAP + 1, 4);

    assertThat(store.index().videos().overlapping(CAM, 0, Long.MAX_VALUE)).extracting(VideoRecord::videoId)
        .containsExactly(T0, T0 + 4_000 + GAP + 1);
  }

  @Test
  void shouldReconcileMissingFilesUnindexedFilesAndACrashedPartFile() throws Exception {
    record(T0, 6);
    Files.delete(store.file(committed.get(1))); // file gone: its entry must go
    Path stray = store.files().finished(CAM, T0 + 100_000, 2_000);
    Files.copy(store.file(committed.get(2)), stray); // file with no entry: must be indexed
    Path part = store.files().part(CAM, T0 + 200_000);
    byte[] full = Files.readAllBytes(store.file(committed.get(0)));
    Files.write(part, java.util.Arrays.copyOf(full, full.length - 100)); // torn mid-packet by kill -9

    SegmentStore.Reconciliation r = store.reconcile();

    assertThat(r).isEqualTo(new SegmentStore.Reconciliation(1, 2, 1, 0));
    List<SegmentRecord> indexed = store.index().segments().overlapping(CAM, 0, Long.MAX_VALUE);
    assertThat(indexed).extracting(SegmentRecord::startMillis).containsExactly(T0, T0 + 4_000, T0 + 100_000,
        T0 + 200_000);
    SegmentRecord recovered = indexed.get(3);
    assertThat(recovered.sizeBytes() % 188).isZero();
    assertThat(recovered.sizeBytes()).isEqualTo((full.length - 100) / 188 * 188L);
    // the last complete packets: 2 s less the frames whose bytes were torn, within one GOP
    assertThat(recovered.durationMillis()).isBetween(1_000L, 2_000L);
    assertThat(Files.exists(part)).isFalse();
    assertThat(Files.exists(store.file(recovered))).isTrue();
  }

  /**
   * A GOP burst at connect puts media time ahead of the wall clock. A file killed mid-write is salvaged with the
   * start its commit would have had, after the segments committed before it (an upload mark sits on the newest of
   * those), and the next session starts after it instead of inside it.
   */
  @Test
  void shouldSalvageACrashedFileAfterTheCommittedOnesWhenMediaRanAheadOfTheClock() throws Exception {
    SettableClock clock = SettableClock.stepping(T0, 100); // 100 ms of wall clock per 2 s segment
    TsSegmenter crashed = SyntheticRecording.segmenter(sink(clock), 2_000);
    SyntheticRecording.feed(crashed, 0, 140, 10_000); // 5.6 s: two files committed, the third being written
    assertThat(committed).extracting(SegmentRecord::startMillis).containsExactly(T0, T0 + 2_000);
    Path part;
    try (Stream<Path> w = Files.walk(store.files().root())) {
      part = w.filter(p -> p.toString().endsWith(SegmentFiles.PART_SUFFIX)).findFirst().orElseThrow();
    }
    assertThat(part.getFileName().toString()).isEqualTo((T0 + 4_000) + SegmentFiles.PART_SUFFIX);

    store.reconcile(); // the restart after kill -9: the part as the crash left it
    crashed.close(); // lets go of its buffers; the file it would discard was finalised already
    List<SegmentRecord> indexed = store.index().segments().overlapping(CAM, 0, Long.MAX_VALUE);
    assertThat(indexed).extracting(SegmentRecord::startMillis).containsExactly(T0, T0 + 2_000, T0 + 4_000);
    SegmentRecord salvaged = indexed.get(2);

    committed.clear();
    try (TsSegmenter next = SyntheticRecording.segmenter(sink(SettableClock.at(T0 + 500)), 2_000)) {
      SyntheticRecording.feed(next, 0, 50, 2_000);
      next.finish();
    }
    assertThat(committed.get(0).startMillis()).as("the next session starts where the salvaged file ends")
        .isEqualTo(salvaged.endMillis());
  }

  @Test
  void shouldRebuildTheSameSegmentsFromTheFilesAlone() throws Exception {
    record(T0, 6);
    record(T0 + 60_000, 4);
    List<SegmentRecord> before = store.index().segments().overlapping(CAM, 0, Long.MAX_VALUE);
    store.close();

    store = SegmentStore.rebuild(data, GAP);

    assertThat(store.index().segments().overlapping(CAM, 0, Long.MAX_VALUE)).usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(before);
    assertThat(store.index().videos().overlapping(CAM, 0, Long.MAX_VALUE)).extracting(VideoRecord::videoId)
        .containsExactly(T0, T0 + 60_000);
  }

  @Test
  void shouldKeepRenamedVideoNamesThroughRebuildIndex() throws Exception {
    record(T0, 4);
    record(T0 + 60_000, 4);
    assertThat(store.renameVideo(CAM, T0, "front door, 早上")).isTrue();
    assertThat(store.renameVideo(CAM, T0, "front door, morning")).as("renamed twice: the last name wins").isTrue();
    assertThat(store.renameVideo(CAM, 42, "nothing")).isFalse();
    store.close();

    store = SegmentStore.rebuild(data, GAP);

    assertThat(store.index().videos().overlapping(CAM, 0, Long.MAX_VALUE)).extracting(VideoRecord::name)
        .containsExactly("front door, morning", SegmentStore.defaultName(CAM, T0 + 60_000));
    assertThat(files()).as("the name file is no segment").noneMatch(p -> p.toString().endsWith(".ts")
        && p.toString().contains(VideoNames.DIR));
  }

  @Test
  void shouldForgetTheNameOfADeletedVideo() throws Exception {
    record(T0, 4);
    store.renameVideo(CAM, T0, "gone soon");
    assertThat(store.deleteVideo(CAM, T0)).isTrue();
    record(T0 + 60_000, 4);
    store.renameVideo(CAM, T0 + 60_000, "emptied by retention");
    for (SegmentRecord s : store.index().segments().overlapping(CAM, 0, Long.MAX_VALUE)) {
      store.delete(s); // as retention does: the name file stays until the next reconciliation
    }
    store.close();

    store = SegmentStore.rebuild(data, GAP);

    assertThat(store.index().videos().overlapping(CAM, 0, Long.MAX_VALUE)).isEmpty();
    assertThat(files()).as("no name file left behind").isEmpty();
  }

  @Test
  void shouldDiscardTheOpenSegmentWhenTheSegmenterIsClosedMidSegment() throws Exception {
    try (TsSegmenter s = SyntheticRecording.segmenter(sink(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC)),
        2_000)) {
      SyntheticRecording.feed(s, 0, 75, 2_000); // 3 s: one segment done, one open
    }
    assertThat(committed).hasSize(1);
    assertThat(files()).hasSize(1);
  }
}
