package dev.edgerelay.media.stream;

import dev.edgerelay.media.MediaUnit;

/** What a reader of a {@link Stream} is told, in order, on the reader's own executor. */
public interface StreamListener {
  /** One unit; the listener owns it and must release it. */
  void onUnit(MediaUnit unit);

  /**
   * The source reconnected or changed: timestamps may jump and codec configuration may differ. The
   * next unit delivered is a keyframe. HLS marks a discontinuity here (RFC 8216 4.3.2.3).
   */
  default void onSourceRestart() {}

  /** The stream closed; nothing follows. */
  default void onStreamEnd() {}

  /** The end of one batch of calls on the executor: a network writer flushes here, once per batch. */
  default void onDrained() {}
}
