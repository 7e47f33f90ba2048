package dev.edgerelay.recorder.outbox;

/** Why a send failed, as the outbox needs it: retry or park, and whether the item may have arrived anyway. */
public final class UploadFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What the outbox does next. */
  public enum Disposition {
    /** 5xx: not stored; retry after a backoff. */
    RETRY,
    /** Connection lost or timed out after the request left: check at the platform before resending. */
    RETRY_UNKNOWN,
    /** The name is taken (duplicate picture): success if it holds our bytes, else parked. */
    NAME_TAKEN,
    /** Refused for good (1001-1003, 413, 401, 403, ...): parked with the reason. */
    PARK
  }

  private final Disposition disposition;

  public UploadFailure(Disposition disposition, String reason, Throwable cause) {
    super(reason, cause);
    this.disposition = disposition;
  }

  public Disposition disposition() {
    return disposition;
  }
}
