package dev.edgerelay.media.ts;

/**
 * A consumer of a live muxer's parts besides its own window (the recorder, which joins them into longer files):
 * it hears each part from its {@link #open(PartStart)} on, gets its own reference to every chunk, and is told
 * how its attachment ends. Called on the muxer's thread; must not block.
 */
public interface PartListener extends SegmentSink {
  /**
   * Detached by its owner. {@code tail} is the open part's progress (its bytes so far were just handed to
   * {@link #write}) when this listener was taking that part, else null.
   */
  void detached(SegmentInfo tail);

  /** The stream ended; its last part was closed before. Nothing more comes. */
  void ended();

  /** A call to this listener threw {@code error}; it is detached and hears nothing more. */
  void failed(RuntimeException error);
}
