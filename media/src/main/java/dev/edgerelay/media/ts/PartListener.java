package dev.edgerelay.media.ts;

import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

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

  /**
   * Asked right after {@link #open(PartStart)}: a listener that writes the whole open part to a file of its own
   * links {@code link} to that file and returns a stage completing with the part's offset in it once the part's
   * last byte is written (failing when the part is cut short there), so the live window serves those bytes
   * instead of writing them a second time (docs/architecture.md, "Live HLS"). Null when it will not write this
   * part whole: the window writes its own copy.
   */
  default CompletionStage<Long> lendOpenPart(Path link) {
    return null;
  }

  /** A call to this listener threw {@code error}; it is detached and hears nothing more. */
  void failed(RuntimeException error);
}
