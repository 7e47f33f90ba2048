package dev.edgerelay.media.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PlaylistWriterTest {
  private static final long T0 = 1_764_135_600_000L; // 2025-11-26T05:40:00Z

  @Test
  void shouldWriteVodWithTargetDurationFromLongestRoundedSegment() {
    MediaPlaylist vod = MediaPlaylist.vod(List.of(
        new PlaylistSegment("0.ts", 180_000, false, T0, true), // 2.000 s
        new PlaylistSegment("1.ts", 225_000, false, T0 + 2000, true), // 2.500 s rounds to 3
        new PlaylistSegment("2.ts", 90_090, true, T0 + 60_000, true))); // 1.001 s after a restart
    assertThat(PlaylistWriter.write(vod)).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:3
        #EXT-X-MEDIA-SEQUENCE:0
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-PROGRAM-DATE-TIME:2025-11-26T05:40:00.000Z
        #EXTINF:2.000,
        0.ts
        #EXT-X-PROGRAM-DATE-TIME:2025-11-26T05:40:02.000Z
        #EXTINF:2.500,
        1.ts
        #EXT-X-DISCONTINUITY
        #EXT-X-PROGRAM-DATE-TIME:2025-11-26T05:41:00.000Z
        #EXTINF:1.001,
        2.ts
        #EXT-X-ENDLIST
        """);
  }

  @Test
  void shouldWriteAnEventPlaylistThatPlayersReloadWithTheTargetDurationOfSegmentsToCome() {
    MediaPlaylist event = MediaPlaylist.event(List.of(new PlaylistSegment("0.ts", 180_000, false, T0, true)), 6);
    assertThat(PlaylistWriter.write(event)).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:6
        #EXT-X-MEDIA-SEQUENCE:0
        #EXT-X-PLAYLIST-TYPE:EVENT
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-PROGRAM-DATE-TIME:2025-11-26T05:40:00.000Z
        #EXTINF:2.000,
        0.ts
        """);
  }

  @Test
  void shouldRoundTargetDurationToNearestNotUp() {
    assertThat(MediaPlaylist.requiredTargetDuration(List.of(new PlaylistSegment("a", 4 * 90_000 + 40_000, false, -1, true))))
        .as("4.44 s rounds to 4 (RFC 8216 4.3.3.1 compares rounded EXTINF)").isEqualTo(4);
    assertThatThrownBy(() -> new MediaPlaylist(PlaylistType.LIVE, 3, 0, 0,
        List.of(new PlaylistSegment("a", 4 * 90_000, false, -1, true)), false))
        .hasMessageContaining("below the longest segment");
  }

  @Test
  void shouldSlideLiveWindowAndCountDiscontinuitiesThatLeftIt() {
    LivePlaylist live = new LivePlaylist(3, 10, 2);
    live.add(new PlaylistSegment("10.ts", 180_000, false, -1, true));
    live.add(new PlaylistSegment("11.ts", 180_000, true, -1, true));
    live.add(new PlaylistSegment("12.ts", 180_000, false, -1, true));
    List<PlaylistSegment> gone = live.add(new PlaylistSegment("13.ts", 180_000, false, -1, false));
    assertThat(gone).extracting(PlaylistSegment::uri).containsExactly("10.ts");
    gone = live.add(new PlaylistSegment("14.ts", 540_000, false, -1, true));
    assertThat(gone).extracting(PlaylistSegment::uri).containsExactly("11.ts");
    assertThat(PlaylistWriter.write(live.snapshot())).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:6
        #EXT-X-MEDIA-SEQUENCE:12
        #EXT-X-DISCONTINUITY-SEQUENCE:1
        #EXTINF:2.000,
        12.ts
        #EXTINF:2.000,
        13.ts
        #EXTINF:6.000,
        14.ts
        """);
    live.add(new PlaylistSegment("15.ts", 90_000, false, -1, true));
    assertThat(live.snapshot().targetDuration()).as("never shrinks while live").isEqualTo(6);
    live.end();
    assertThat(PlaylistWriter.write(live.snapshot())).endsWith("15.ts\n#EXT-X-ENDLIST\n");
  }

  @Property(tries = 2000)
  void extinfSecondsMatchFormatterRounding(@ForAll @LongRange(min = 0, max = 90_000L * 86_400 * 366) long ticks) {
    StringBuilder sb = new StringBuilder();
    PlaylistWriter.appendSeconds(sb, ticks);
    assertThat(sb.toString()).isEqualTo(String.format(Locale.ROOT, "%.3f", ticks / 90_000.0));
  }

  @Test
  void extinfSecondsRoundHalfUp() {
    for (long ticks : new long[] {0, 44, 45, 89, 90, 135, 899_955, 900_000}) {
      StringBuilder sb = new StringBuilder();
      PlaylistWriter.appendSeconds(sb, ticks);
      assertThat(sb.toString()).as("%d ticks", ticks).isEqualTo(String.format(Locale.ROOT, "%.3f", ticks / 90_000.0));
    }
  }

  /** Up to the end of year 9999, then past it (the fallback), then before 1970 (the fallback too). */
  @Property(tries = 2000)
  void programDateTimeMatchesTheFormatter(
      @ForAll @LongRange(min = -86_400_000L * 365, max = 253_402_300_799_999L + 86_400_000L * 365) long millis) {
    StringBuilder sb = new StringBuilder();
    PlaylistWriter.appendDateTime(sb, millis);
    assertThat(sb.toString()).isEqualTo(PlaylistWriter.DATE_TIME.format(Instant.ofEpochMilli(millis)));
  }
}
