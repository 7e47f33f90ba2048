package dev.edgerelay.media.stream;

/** Where a new reader of a {@link Stream} starts. */
public enum ReaderStart {
  /** At the next random-access unit published: segmenters (HLS, the recorder) start a clean segment there. */
  NEXT_KEYFRAME,
  /**
   * With the cached GOP, from its keyframe, then live: a player starts decoding at once instead of waiting
   * up to a GOP. When the cache holds no whole GOP the reader waits for the next keyframe.
   */
  CACHED_GOP
}
