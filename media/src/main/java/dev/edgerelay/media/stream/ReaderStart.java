package dev.edgerelay.media.stream;

/** Where a new reader of a {@link Stream} starts. */
public enum ReaderStart {
  /** At the next random-access unit published: segmenters (HLS, the recorder) start a clean segment there. */
  NEXT_KEYFRAME,
  /**
   * With the cached GOP, from its keyframe, then live: a player starts decoding at once instead of waiting
   * up to a GOP. When the cache holds no whole GOP the reader waits for the next keyframe.
   */
  CACHED_GOP,
  /**
   * As nginx-rtmp starts a subscriber: audio at once, video from the next keyframe (up to a GOP later). The
   * emulator's origin offers it so the node is tested against audio-first joins.
   */
  AUDIO_NOW_VIDEO_AT_KEYFRAME
}
