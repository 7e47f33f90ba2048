package dev.edgerelay.media.ts;

/**
 * How a segment (a live part) starts, told to its sink before its bytes: a listener that joins parts into
 * longer files needs to know where a file may start (a keyframe), where it must end (a discontinuity), and where
 * it lies on the time line (the recorder names a file by its start before writing it).
 *
 * @param sequence the segment's sequence number
 * @param startPts90k PTS of the first presented unit in 90 kHz, as {@link SegmentInfo#startPts90k} will say
 * @param keyframe the first unit is a keyframe of the program's timing track: the part decodes on its own
 * @param discontinuity timestamps or continuity counters do not follow the previous part (source restart, new program)
 */
public record PartStart(long sequence, long startPts90k, boolean keyframe, boolean discontinuity) {
  public PartStart withDiscontinuity() {
    return new PartStart(sequence, startPts90k, keyframe, true);
  }
}
