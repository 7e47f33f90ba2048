package dev.edgerelay.media.hls;

import dev.edgerelay.media.ts.SegmentInfo;
import java.util.Objects;

/**
 * One media segment line of a playlist (RFC 8216 4.3.2).
 *
 * @param uri relative or absolute URI of the segment
 * @param duration90k duration in 90 kHz ticks, written as EXTINF seconds
 * @param discontinuity writes EXT-X-DISCONTINUITY before it (4.3.2.3)
 * @param programDateTimeMillis epoch millis for EXT-X-PROGRAM-DATE-TIME (4.3.2.6), or -1 for none
 * @param independent starts with a keyframe; all must be for EXT-X-INDEPENDENT-SEGMENTS (4.3.5.1)
 */
public record PlaylistSegment(String uri, long duration90k, boolean discontinuity, long programDateTimeMillis,
    boolean independent) {
  public PlaylistSegment {
    Objects.requireNonNull(uri, "uri");
    if (duration90k < 0) {
      throw new IllegalArgumentException("segment duration must not be negative: " + duration90k);
    }
  }

  /** The playlist line for a segment the TS segmenter reported. */
  public static PlaylistSegment of(SegmentInfo info, String uri) {
    return new PlaylistSegment(uri, info.duration90k(), info.discontinuity(), info.wallClockStartMillis(),
        info.startsWithKeyframe());
  }

  public double durationSeconds() {
    return duration90k / 90_000.0;
  }
}
