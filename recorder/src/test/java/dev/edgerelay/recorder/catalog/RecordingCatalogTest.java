package dev.edgerelay.recorder.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.Page;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.recorder.store.SegmentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog the routes call, over real segment files and a real index: the domain calls of spec 6.1-6.4. */
class RecordingCatalogTest {
  static final ChannelRef CAM = new ChannelRef("4001", 0);
  static final ChannelRef OTHER = new ChannelRef("4002", 1);
  static final long GAP = 10_000;
  @TempDir Path data;
  RecorderStorage storage;
  RecordingCatalog catalog;

  @BeforeEach
  void open() throws Exception {
    storage = RecorderStorage.open(data, GAP);
    catalog = storage.catalog();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  /** A 2 s segment file committed as the recorder does; a start more than the gap after the last opens a video. */
  SegmentRecord record(ChannelRef channel, long startMillis) throws Exception {
    SegmentStore store = storage.store();
    Path part = store.files().part(channel, startMillis);
    Files.createDirectories(part.getParent());
    Files.write(part, new byte[188]);
    return store.commit(part, channel, startMillis, 2_000, 188, store.continuingVideo(channel, startMillis), false);
  }

  @Test
  void shouldPageTheVideosOfAChannelOldestFirstAndFilterByName() throws Exception {
    for (long start : new long[] {100_000, 200_000, 300_000}) {
      record(CAM, start);
      record(CAM, start + 2_000); // same video
    }
    record(OTHER, 100_000);
    catalog.renameVideo(CAM, 200_000, "front door");

    Page<VideoRecord> second = catalog.videos(CAM, 0, Long.MAX_VALUE, null, 2, 2);
    Page<VideoRecord> named = catalog.videos(CAM, 0, Long.MAX_VALUE, "door", 1, 10);
    Page<VideoRecord> inRange = catalog.videos(CAM, 201_000, 250_000, null, 1, 10);

    assertThat(second.items()).extracting(VideoRecord::videoId).containsExactly(300_000L);
    assertThat(second.total()).isEqualTo(3);
    assertThat(second.pageTotal()).isEqualTo(2);
    assertThat(named.items()).extracting(VideoRecord::name).containsExactly("front door");
    assertThat(inRange.items()).extracting(VideoRecord::videoId).containsExactly(200_000L);
    assertThat(catalog.videos(CAM)).hasSize(3);
  }

  @Test
  void shouldGiveAVideosSegmentsARangesSegmentsAndTheirFiles() throws Exception {
    SegmentRecord a = record(CAM, 100_000);
    SegmentRecord b = record(CAM, 102_000);
    SegmentRecord c = record(CAM, 200_000); // a new video after the gap

    assertThat(catalog.videoSegments(CAM, 100_000)).contains(List.of(a, b));
    assertThat(catalog.videoSegments(CAM, 1)).isEmpty();
    assertThat(catalog.segments(CAM, 101_000, 200_001)).containsExactly(a, b, c);
    assertThat(catalog.segment(CAM, 102_000)).contains(b);
    assertThat(catalog.file(b)).exists().hasSize(188);
  }

  @Test
  void shouldDeleteAVideoWithItsFilesAndSpanEachChannel() throws Exception {
    SegmentRecord gone = record(CAM, 100_000);
    record(CAM, 200_000);
    SegmentRecord last = record(CAM, 202_000);
    record(OTHER, 50_000);

    assertThat(catalog.deleteVideo(CAM, 100_000)).isTrue();
    assertThat(catalog.deleteVideo(CAM, 100_000)).isFalse();

    assertThat(catalog.file(gone)).doesNotExist();
    assertThat(catalog.channels()).containsExactly(new RecordingCatalog.ChannelSpan(CAM, 200_000, last.endMillis()),
        new RecordingCatalog.ChannelSpan(OTHER, 50_000, 52_000));
    assertThat(catalog.usedBytes()).isEqualTo(3 * 188);
    assertThat(catalog.freeBytes()).isPositive();
  }
}
