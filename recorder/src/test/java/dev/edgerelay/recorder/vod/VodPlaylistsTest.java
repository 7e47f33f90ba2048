package dev.edgerelay.recorder.vod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.hls.PlaylistWriter;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class VodPlaylistsTest {
  static final ChannelRef CAM = new ChannelRef("1234", 0);
  static final long T0 = 1_795_672_800_000L; // 2026-11-26T06:00:00Z

  @Test
  void shouldMarkGapsAndRestartsAsDiscontinuitiesAndDateEverySegment() {
    List<SegmentRecord> segments = List.of(
        new SegmentRecord(CAM, T0, 10_000, 188, T0, true),
        new SegmentRecord(CAM, T0 + 10_000, 9_960, 188, T0, false), // contiguous
        new SegmentRecord(CAM, T0 + 60_000, 10_000, 188, T0 + 60_000, true)); // a gap of 40 s

    String m3u8 = PlaylistWriter.write(VodPlaylists.build(segments, s -> s.startMillis() + ".ts"));

    assertThat(m3u8).contains("#EXT-X-PLAYLIST-TYPE:VOD\n").endsWith("#EXT-X-ENDLIST\n")
        .contains("#EXT-X-TARGETDURATION:10\n")
        .contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-26T06:00:00.000Z\n")
        .contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-26T06:01:00.000Z\n");
    assertThat(m3u8.split("#EXT-X-DISCONTINUITY\n", -1)).hasSize(2); // only at the gap, not before the first
    assertThat(m3u8.indexOf("#EXT-X-DISCONTINUITY")).isGreaterThan(m3u8.indexOf((T0 + 10_000) + ".ts"));
  }
}
