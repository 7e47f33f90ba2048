package dev.edgerelay.recorder.outbox;

/**
 * Where an outbox item stands. {@link #IN_FLIGHT} is written before the bytes leave, so an item
 * found in flight after a restart has an unknown outcome and is checked at the platform before it is sent again.
 */
public enum OutboxState {
  PENDING,
  IN_FLIGHT,
  DONE,
  /** Refused for good (bad name, too large, no permission) or its local file is gone: kept with the reason. */
  PARKED;

  /** The name {@code GET /edge/outbox} and the metrics use. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
