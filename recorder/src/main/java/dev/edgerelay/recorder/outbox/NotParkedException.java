package dev.edgerelay.recorder.outbox;

/**
 * An operator's action on a parked item ({@code POST /edge/outbox/retry?id=}, {@code discard?id=}) named an
 * item the outbox does not hold, or one that is not parked (pending and in-flight items are the outbox's own
 * business). No stack trace: it is an answer.
 */
public final class NotParkedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean exists;

  NotParkedException(long sequence, OutboxState state) {
    super(state == null ? "the outbox holds no item " + sequence + ": GET /edge/outbox lists the parked ones"
        : "item " + sequence + " is " + state.wireName() + ", not parked: only parked items are retried or discarded",
        null, false, false);
    this.exists = state != null;
  }

  /** False when no item has that id; true when it exists but is not parked. */
  public boolean exists() {
    return exists;
  }
}
