package dev.edgerelay.recorder.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.recorder.ChannelRef;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The key layouts of the index's column families: fixed width, byte order = (channel, time) order, ranges exact. */
class KeyLayoutTest {
  static final ChannelRef CAM = new ChannelRef("1234", 0);
  static final ChannelRef CAM_CH1 = new ChannelRef("1234", 1);
  static final ChannelRef LONGER_ID = new ChannelRef("12345", 0);

  @Property
  void segmentKeysSortByStartTimeWithinAChannel(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE - 1) long a,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE - 1) long b) {
    int bytes = Arrays.compareUnsigned(SegmentKeys.key(CAM, a), SegmentKeys.key(CAM, b));
    assertThat(Integer.signum(bytes)).isEqualTo(Long.signum(Long.compare(a, b)));
  }

  @Property
  void segmentKeysRoundTrip(@ForAll @LongRange(min = 0) long start) {
    byte[] key = SegmentKeys.key(LONGER_ID, start);
    assertThat(key).hasSize(SegmentKeys.SIZE);
    assertThat(SegmentKeys.channel(key)).isEqualTo(LONGER_ID);
    assertThat(SegmentKeys.startMillis(key)).isEqualTo(start);
  }

  @Test
  void shouldLayOutASegmentKeyFieldByField() {
    byte[] key = SegmentKeys.key(new ChannelRef("AB", 7), 0x0102030405060708L);
    assertThat(key).hasSize(64 + 4 + 8);
    assertThat(Arrays.copyOfRange(key, 0, 3)).containsExactly('A', 'B', 0); // device id, zero padded to 64
    assertThat(Arrays.copyOfRange(key, 64, 68)).containsExactly(0, 0, 0, 7); // channel id, big-endian int
    assertThat(Arrays.copyOfRange(key, 68, 76)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8); // start millis, big-endian
  }

  @Test
  void shouldKeepEachChannelInItsOwnRange() {
    KeyRange cam = SegmentKeys.channel(CAM);
    assertThat(cam.contains(SegmentKeys.key(CAM, 0))).isTrue();
    assertThat(cam.contains(SegmentKeys.key(CAM, Long.MAX_VALUE))).isTrue();
    assertThat(cam.contains(SegmentKeys.key(CAM_CH1, 0))).isFalse();
    assertThat(cam.contains(SegmentKeys.key(LONGER_ID, 0))).isFalse();
    // a shorter device id sorts before a longer one sharing its prefix, so ranges never interleave
    assertThat(Arrays.compareUnsigned(SegmentKeys.key(CAM_CH1, Long.MAX_VALUE), SegmentKeys.key(LONGER_ID, 0)))
        .isNegative();
  }

  @Test
  void shouldBoundATimeRangeHalfOpen() {
    KeyRange r = SegmentKeys.startingIn(CAM, 1_000, 2_000);
    assertThat(r.contains(SegmentKeys.key(CAM, 999))).isFalse();
    assertThat(r.contains(SegmentKeys.key(CAM, 1_000))).isTrue();
    assertThat(r.contains(SegmentKeys.key(CAM, 1_999))).isTrue();
    assertThat(r.contains(SegmentKeys.key(CAM, 2_000))).isFalse();
  }

  @Test
  void shouldFindTheNextPrefixPastTrailingFfBytes() {
    assertThat(KeyRange.next(new byte[] {1, (byte) 0xFF})).containsExactly(2);
    assertThat(KeyRange.next(new byte[] {(byte) 0xFF, (byte) 0xFF})).isNull();
    assertThat(KeyRange.prefix(new byte[] {(byte) 0xFF}).contains(new byte[] {(byte) 0xFF, 0, 0})).isTrue();
  }

  @Test
  void shouldRejectANegativeStart() {
    assertThatThrownBy(() -> SegmentKeys.key(CAM, -1)).hasMessageContaining("startMillis");
  }

  @Test
  void videoPictureAndMetaKeysRoundTrip() {
    assertThat(VideoKeys.videoId(VideoKeys.key(CAM, 42))).isEqualTo(42);
    assertThat(VideoKeys.channel(VideoKeys.key(CAM_CH1, 42))).isEqualTo(CAM_CH1);
    assertThat(VideoKeys.startedBefore(CAM, 100).contains(VideoKeys.key(CAM, 99))).isTrue();
    assertThat(VideoKeys.startedBefore(CAM, 100).contains(VideoKeys.key(CAM, 100))).isFalse();
    assertThat(PictureKeys.takenMillis(PictureKeys.key(CAM, 7))).isEqualTo(7);
    assertThat(PictureKeys.takenIn(CAM, 5, 8).contains(PictureKeys.key(CAM, 7))).isTrue();
    assertThat(MetaKeys.schemaVersion()).containsExactly(MetaKeys.SCHEMA_VERSION);
  }
}
