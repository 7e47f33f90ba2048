package dev.edgerelay.recorder.vod;

import dev.edgerelay.media.hls.MediaPlaylist;
import dev.edgerelay.media.hls.PlaylistSegment;
import dev.edgerelay.recorder.index.SegmentRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * HLS playlists over recorded segments: VOD for a finished recording (RFC 8216 4.3.3.5 EXT-X-PLAYLIST-TYPE:VOD,
 * 4.3.3.4 EXT-X-ENDLIST), EVENT while it is still being recorded (players reload it until it ends). Every segment carries EXT-X-PROGRAM-DATE-TIME (4.3.2.6) so players seek by wall clock,
 * and a gap in the recording, or a source restart, is an EXT-X-DISCONTINUITY (4.3.2.3).
 */
public final class VodPlaylists {
  /** Two segments further apart than this are not contiguous: a gap the player must be told about. */
  public static final long GAP_TOLERANCE_MILLIS = 1_000;

  private VodPlaylists() {}

  /** @param uri the URI a segment is served at */
  public static MediaPlaylist build(List<SegmentRecord> segments, Function<SegmentRecord, String> uri) {
    return MediaPlaylist.vod(lines(segments, uri));
  }

  /**
   * The segments so far of a recording still in progress, as an EVENT playlist whose target duration
   * ({@code targetSeconds}) holds for the segments still to come.
   */
  public static MediaPlaylist growing(List<SegmentRecord> segments, Function<SegmentRecord, String> uri,
      int targetSeconds) {
    return MediaPlaylist.event(lines(segments, uri), targetSeconds);
  }

  private static List<PlaylistSegment> lines(List<SegmentRecord> segments, Function<SegmentRecord, String> uri) {
    List<PlaylistSegment> lines = new ArrayList<>(segments.size());
    long previousEnd = Long.MIN_VALUE;
    for (SegmentRecord s : segments) {
      boolean gap = previousEnd != Long.MIN_VALUE
          && (s.discontinuity() || Math.abs(s.startMillis() - previousEnd) > GAP_TOLERANCE_MILLIS);
      lines.add(new PlaylistSegment(uri.apply(s), s.durationMillis() * 90, gap, s.startMillis(), true));
      previousEnd = s.endMillis();
    }
    return lines;
  }
}
