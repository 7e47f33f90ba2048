package dev.edgerelay.recorder.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pictures family (spec 5.x): metadata round trip, time ranges per channel, and survival across a reopen. */
class PictureIndexTest {
  static final ChannelRef CAM = new ChannelRef("1234", 0);
  static final ChannelRef OTHER = new ChannelRef("12345", 0);
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

  static PictureRecord picture(ChannelRef c, long taken, String name) {
    return new PictureRecord(c, taken, name, "jpg", "desc of " + name + " \u95e8\u53e3", 1000 + taken % 7, taken % 2 == 0);
  }

  @Test
  void shouldListAChannelsPicturesInTimeOrderWithinAHalfOpenRange() throws Exception {
    index.pictures().put(picture(CAM, 3_000, "c"));
    index.pictures().put(picture(CAM, 1_000, "a"));
    index.pictures().put(picture(CAM, 2_000, "b"));
    index.pictures().put(picture(OTHER, 1_500, "other")); // a device id that extends CAM's must not leak into it

    assertThat(index.pictures().taken(CAM, 0, Long.MAX_VALUE)).extracting(PictureRecord::name).containsExactly("a", "b", "c");
    assertThat(index.pictures().taken(CAM, 1_000, 3_000)).extracting(PictureRecord::name).containsExactly("a", "b");
    assertThat(index.pictures().taken(OTHER, 0, Long.MAX_VALUE)).extracting(PictureRecord::name).containsExactly("other");
  }

  @Test
  void shouldRoundTripEveryFieldAndSurviveAReopen() throws Exception {
    PictureRecord p = picture(CAM, 1_234_567, "snap-1.x");
    index.pictures().put(p);
    index.close();
    index = RecordingIndex.open(dir);

    assertThat(index.pictures().taken(CAM, 0, Long.MAX_VALUE)).containsExactly(p);
  }

  @Test
  void shouldRemoveOnePictureAndVisitTheRestInKeyOrder() throws Exception {
    PictureRecord a = picture(CAM, 1_000, "a");
    PictureRecord b = picture(CAM, 2_000, "b");
    PictureRecord o = picture(OTHER, 500, "o");
    index.pictures().put(a);
    index.pictures().put(b);
    index.pictures().put(o);

    index.pictures().remove(a);

    List<PictureRecord> all = new ArrayList<>();
    index.pictures().forEach(all::add);
    assertThat(all).containsExactly(b, o);
  }
}
