package dev.edgerelay.recorder.outbox;

/** The outbox holds {@link OutboxOptions#maxItems()} items already: the new one is refused and counted. */
public final class OutboxFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutboxFullException(int maxItems) {
    super("the upload outbox is full (" + maxItems + " items): wait for uploads to finish or raise --upload-max-items");
  }
}
