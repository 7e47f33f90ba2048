package dev.edgerelay.recorder.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingIndexTest {
  static final ChannelRef CAM = new ChannelRef("1234", 0);
  static final ChannelRef OTHER = new ChannelRef("99", 2);
  @TempDir Path dir;
  RecordingIndex index;

  @BeforeEach
  void open() throws Exception {
    index = RecordingIndex.open(dir);
  }

  @AfterEach
  void close() {
    index.close();
  }

  static SegmentRecord seg(ChannelRef c, long start, long video) {
    return new SegmentRecord(c, start, 10_000, 1_000, video, false);
  }

  @Test
  void shouldGrowAVideoWithItsSegmentsAndShrinkItFromBothEnds() throws Exception {
    for (long t = 0; t < 40_000; t += 10_000) {
      index.addSegment(seg(CAM, 100_000 + t, 100_000), "session");
    }
    assertThat(index.videos().get(CAM, 100_000)).hasValueSatisfying(v -> {
      assertThat(v.startMillis()).isEqualTo(100_000);
      assertThat(v.endMillis()).isEqualTo(140_000);
      assertThat(v.sizeBytes()).isEqualTo(4_000);
      assertThat(v.segments()).isEqualTo(4);
      assertThat(v.name()).isEqualTo("session");
    });

    index.removeSegment(seg(CAM, 100_000, 100_000)); // the oldest: start moves forward
    index.removeSegment(seg(CAM, 130_000, 100_000)); // the newest: end moves back
    assertThat(index.videos().get(CAM, 100_000)).hasValueSatisfying(v -> {
      assertThat(v.startMillis()).isEqualTo(110_000);
      assertThat(v.endMillis()).isEqualTo(130_000);
      assertThat(v.sizeBytes()).isEqualTo(2_000);
    });

    index.removeSegment(seg(CAM, 110_000, 100_000));
    index.removeSegment(seg(CAM, 120_000, 100_000));
    assertThat(index.videos().get(CAM, 100_000)).isEmpty(); // an emptied video disappears
    assertThat(index.videos().usedBytes()).isZero();
  }

  @Test
  void shouldFindSegmentsOverlappingARangeIncludingTheOneStraddlingItsStart() throws Exception {
    for (long t = 0; t < 50_000; t += 10_000) {
      index.addSegment(seg(CAM, t, 0), "v");
    }
    index.addSegment(seg(OTHER, 15_000, 15_000), "w");

    assertThat(index.segments().overlapping(CAM, 15_000, 30_000)).extracting(SegmentRecord::startMillis)
        .containsExactly(10_000L, 20_000L);
    assertThat(index.segments().overlapping(CAM, 0, 10_000)).extracting(SegmentRecord::startMillis).containsExactly(0L);
    assertThat(index.segments().overlapping(CAM, 60_000, 70_000)).isEmpty();
    assertThat(index.segments().from(CAM, 20_000, 2)).extracting(SegmentRecord::startMillis)
        .containsExactly(20_000L, 30_000L);
    assertThat(index.segments().channels()).containsExactly(CAM, OTHER);
    assertThat(index.segments().first(OTHER)).hasValueSatisfying(s -> assertThat(s.startMillis()).isEqualTo(15_000));
    assertThat(index.segments().last(CAM)).hasValueSatisfying(s -> assertThat(s.startMillis()).isEqualTo(40_000));
  }

  /** The scan is bounded to the channel: neighbours in key order on either side never leak into a range. */
  @Test
  void shouldKeepARangeInsideItsChannelWhateverSortsBesideIt() throws Exception {
    ChannelRef before = new ChannelRef("1233", 9); // sorts just before CAM
    ChannelRef after = new ChannelRef("1234", 1); // the same device, the next channel
    index.addSegment(seg(before, 50_000, 50_000), "x");
    index.addSegment(seg(after, 0, 0), "y");
    index.addSegment(seg(CAM, 20_000, 20_000), "v");
    index.addSegment(seg(CAM, 30_000, 20_000), "v");

    assertThat(index.segments().overlapping(CAM, 0, 20_000)).isEmpty();
    assertThat(index.segments().overlapping(CAM, 0, 20_001)).extracting(SegmentRecord::startMillis).containsExactly(20_000L);
    assertThat(index.segments().overlapping(CAM, 55_000, Long.MAX_VALUE)).isEmpty();
    assertThat(index.segments().overlapping(CAM, 39_999, Long.MAX_VALUE)).extracting(SegmentRecord::startMillis)
        .containsExactly(30_000L);
    assertThat(index.segments().overlapping(CAM, 0, Long.MAX_VALUE)).extracting(SegmentRecord::channel).containsOnly(CAM);
    assertThat(index.segments().overlapping(before, 0, Long.MAX_VALUE)).extracting(SegmentRecord::startMillis)
        .containsExactly(50_000L);
  }

  @Test
  void shouldListVideosOverlappingARange() throws Exception {
    index.addSegment(seg(CAM, 0, 0), "a");
    index.addSegment(seg(CAM, 100_000, 100_000), "b");
    index.addSegment(seg(CAM, 200_000, 200_000), "c");

    assertThat(index.videos().overlapping(CAM, 105_000, 205_000)).extracting(VideoRecord::name).containsExactly("b", "c");
    assertThat(index.videos().overlapping(CAM, 0, Long.MAX_VALUE)).hasSize(3);
    assertThat(index.videos().overlapping(OTHER, 0, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void shouldKeepRenamesAcrossAReopen() throws Exception {
    index.addSegment(seg(CAM, 0, 0), "a");
    assertThat(index.videos().rename(CAM, 0, "front door")).isTrue();
    assertThat(index.videos().rename(CAM, 1, "nothing")).isFalse();

    index.close();
    index = RecordingIndex.open(dir);

    assertThat(index.videos().get(CAM, 0)).hasValueSatisfying(v -> assertThat(v.name()).isEqualTo("front door"));
  }
}
