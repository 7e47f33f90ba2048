package dev.edgerelay.media.ts;

/**
 * How a segment (a live part) starts, told to its sink before its bytes: a listener that joins parts into
 * longer files needs to know where a file may start (a keyframe) and where it must end (a discontinuity).
 *
 * @param sequence the segment's sequence number
 * @param keyframe the first unit is a keyframe of the program's timing track: the part decodes on its own
 * @param discontinuity timestamps or continuity counters do not follow the previous part (source restart, new program)
 */
public record PartStart(long sequence, boolean keyframe, boolean discontinuity) {
  public PartStart withDiscontinuity() {
    return new PartStart(sequence, keyframe, true);
  }
}
