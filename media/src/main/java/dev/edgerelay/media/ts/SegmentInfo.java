package dev.edgerelay.media.ts;

/**
 * What the segmenter reports about a finished segment; HLS playlists and the recorder's index are built from it.
 *
 * @param sequence position in the stream, from the segmenter's first sequence number, without gaps
 * @param startPts90k PTS of the first presented unit in 90 kHz, on the source's unwrapped timeline (no 33-bit wrap)
 * @param duration90k presentation duration from timestamps (never wall clock), 90 kHz
 * @param sizeBytes bytes of TS, a multiple of 188
 * @param startsWithKeyframe false only when a duration or size cap forced a cut between keyframes
 * @param wallClockStartMillis epoch millis at which the segment's first unit reached the node
 * @param discontinuity true when the source restarted (timestamps jumped) before this segment: EXT-X-DISCONTINUITY
 */
public record SegmentInfo(long sequence, long startPts90k, long duration90k, long sizeBytes,
    boolean startsWithKeyframe, long wallClockStartMillis, boolean discontinuity) {
  public double durationSeconds() {
    return duration90k / 90_000.0;
  }
}
