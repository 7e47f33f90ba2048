package dev.edgerelay.recorder.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.Matches;
import dev.edgerelay.recorder.Page;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.recorder.store.SegmentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * The bounded read (a window from the range's start, the rest only counted) gives what filtering every video of
   * the channel gives: every range edge (before, inside, between and after videos), offset, limit and name, with a
   * video whose start retention moved forward.
   */
  @Test
  void shouldListAWindowOfARangeAsTheWholeChannelFilteredWould() throws Exception {
    List<SegmentRecord> first = new ArrayList<>();
    for (int v = 0; v < 12; v++) {
      long start = 100_000 + v * 50_000L;
      for (int s = 0; s <= v % 3; s++) {
        SegmentRecord r = record(CAM, start + s * 2_000L);
        if (v == 4) {
          first.add(r);
        }
      }
    }
    record(OTHER, 100_000);
    catalog.renameVideo(CAM, 250_000, "front door");
    catalog.renameVideo(CAM, 400_000, "back door");
    storage.store().delete(first.get(0)); // video 300000 now starts at 302000: retention's cut
    List<Long> edges = List.of(0L, 99_999L, 100_000L, 101_000L, 103_000L, 260_000L, 301_000L, 302_000L, 303_000L,
        650_000L, 700_000L, Long.MAX_VALUE);
    int compared = 0;
    for (long from : edges) {
      for (long to : edges) {
        for (String name : Arrays.asList(null, "door", "front")) {
          List<VideoRecord> all = catalog.videos(CAM).stream()
              .filter(v -> v.endMillis() >= from && v.startMillis() <= to)
              .filter(v -> name == null || v.name().contains(name)).toList();
          for (long[] window : new long[][] {{0, 1}, {0, 5}, {2, 3}, {7, 100}, {20, 5}, {0, Long.MAX_VALUE}}) {
            Matches<VideoRecord> got = catalog.videos(CAM, from, to, name,
                new RecordingCatalog.Window(window[0], window[1]));
            assertThat(got.total()).as("total of %s..%s %s", from, to, name).isEqualTo(all.size());
            assertThat(got.items()).as("window %s of %s..%s %s", Arrays.toString(window), from, to, name)
                .isEqualTo(all.subList((int) Math.min(all.size(), window[0]),
                    (int) Math.min(all.size(), window[0] + Math.min(window[1], all.size()))));
            compared++;
          }
        }
      }
    }
    assertThat(catalog.video(CAM, 300_000)).get().extracting(VideoRecord::startMillis).isEqualTo(302_000L);
    assertThat(compared).isEqualTo(edges.size() * edges.size() * 3 * 6);
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
