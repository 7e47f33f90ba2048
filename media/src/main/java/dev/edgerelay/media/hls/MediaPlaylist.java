package dev.edgerelay.media.hls;

import java.util.List;

/**
 * An HLS media playlist (RFC 8216 4.3.3/4.3.4) as data; {@link PlaylistWriter} turns it into text.
 *
 * @param type a live sliding window, an EVENT playlist that only grows, or a VOD one that never changes
 * @param targetDuration EXT-X-TARGETDURATION in whole seconds; at least every segment's rounded duration
 * @param mediaSequence EXT-X-MEDIA-SEQUENCE: sequence number of the first listed segment (4.3.3.2)
 * @param discontinuitySequence EXT-X-DISCONTINUITY-SEQUENCE: discontinuities that slid out of the window (4.3.3.3)
 * @param ended writes EXT-X-ENDLIST (a live stream that finished, or any VOD)
 */
public record MediaPlaylist(PlaylistType type, int targetDuration, long mediaSequence, long discontinuitySequence,
    List<PlaylistSegment> segments, boolean ended) {
  public MediaPlaylist {
    segments = List.copyOf(segments);
    int needed = requiredTargetDuration(segments);
    if (targetDuration < needed) {
      throw new IllegalArgumentException("target duration " + targetDuration + " s is below the longest segment's rounded "
          + needed + " s (RFC 8216 4.3.3.1)");
    }
  }

  /** A VOD playlist of finished segments: target duration from its longest segment. */
  public static MediaPlaylist vod(List<PlaylistSegment> segments) {
    return new MediaPlaylist(PlaylistType.VOD, requiredTargetDuration(segments), 0, 0, segments, true);
  }

  /**
   * An EVENT playlist of the segments so far of something still being recorded: no EXT-X-ENDLIST, so players
   * reload it. {@code minTargetDuration} is what later segments may need: the target duration must not change
   * between reloads (4.3.3.1), so it is set for the segments to come, not only those listed.
   */
  public static MediaPlaylist event(List<PlaylistSegment> segments, int minTargetDuration) {
    return new MediaPlaylist(PlaylistType.EVENT, Math.max(minTargetDuration, requiredTargetDuration(segments)), 0, 0,
        segments, false);
  }

  /** RFC 8216 4.3.3.1: each EXTINF rounded to the nearest integer must not exceed the target duration. */
  public static int requiredTargetDuration(List<PlaylistSegment> segments) {
    long max = 0;
    for (PlaylistSegment s : segments) {
      max = Math.max(max, Math.round(s.durationSeconds()));
    }
    return (int) Math.max(1, max);
  }

  /** EXT-X-INDEPENDENT-SEGMENTS holds only if every segment starts with a keyframe. */
  public boolean independentSegments() {
    return !segments.isEmpty() && segments.stream().allMatch(PlaylistSegment::independent);
  }
}
