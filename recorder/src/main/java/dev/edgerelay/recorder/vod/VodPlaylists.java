package dev.edgerelay.recorder.vod;

import dev.edgerelay.media.hls.MediaPlaylist;
import dev.edgerelay.media.hls.PlaylistSegment;
import dev.edgerelay.recorder.index.SegmentRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * HLS VOD playlists over recorded segments (RFC 8216 4.3.3.5 EXT-X-PLAYLIST-TYPE:VOD, 4.3.3.4
 * EXT-X-ENDLIST). Every segment carries EXT-X-PROGRAM-DATE-TIME (4.3.2.6) so players seek by wall clock,
 * and a gap in the recording, or a source restart, is an EXT-X-DISCONTINUITY (4.3.2.3).
 */
public final class VodPlaylists {
  /** Two segments further apart than this are not contiguous: a gap the player must be told about. */
  public static final long GAP_TOLERANCE_MILLIS = 1_000;

  private VodPlaylists() {}

  /** @param uri the URI a segment is served at */
  public static MediaPlaylist build(List<SegmentRecord> segments, Function<SegmentRecord, String> uri) {
    List<PlaylistSegment> lines = new ArrayList<>(segments.size());
    long previousEnd = Long.MIN_VALUE;
    for (SegmentRecord s : segments) {
      boolean gap = previousEnd != Long.MIN_VALUE
          && (s.discontinuity() || Math.abs(s.startMillis() - previousEnd) > GAP_TOLERANCE_MILLIS);
      lines.add(new PlaylistSegment(uri.apply(s), s.durationMillis() * 90, gap, s.startMillis(), true));
      previousEnd = s.endMillis();
    }
    return MediaPlaylist.vod(lines);
  }
}
