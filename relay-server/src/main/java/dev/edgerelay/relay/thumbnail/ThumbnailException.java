package dev.edgerelay.relay.thumbnail;

/** Why a thumbnail could not be made; each reason answers its own errno (a clear errno, quickly). */
public final class ThumbnailException extends RuntimeException {
  /** What went wrong, in terms a viewer can act on. */
  public enum Reason {
    /** Every worker is busy and the waiting queue is full: retry shortly. */
    BUSY,
    /** The keyframe did not decode or the image did not encode. */
    DECODE_FAILED,
    /** The channel sent no video keyframe before the deadline. */
    NO_KEYFRAME
  }

  private final Reason reason;

  public ThumbnailException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
