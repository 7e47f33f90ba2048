package dev.edgerelay.recorder.outbox;

import java.util.concurrent.CompletionStage;

/**
 * The port the outbox sends through (docs/architecture.md: the recorder knows nothing of the platform);
 * {@code relay-server} implements it with the platform client. Calls may complete on any thread.
 */
public interface Uploader {
  /**
   * Sends {@code body} to {@code item}'s target, reading it chunk by chunk with {@link UploadBody#next()} so
   * the bytes leave at the outbox's pace. Fails with an {@link UploadFailure} that says whether a later attempt
   * may succeed and whether the platform may have stored it anyway.
   */
  CompletionStage<Void> send(OutboxItem item, UploadBody body);

  /**
   * Whether the platform already holds {@code item} under its name with {@code sizeBytes} bytes (object
   * list, spec 15.4; picture get_info, spec 5.3): asked before resending an item whose last outcome is unknown.
   */
  CompletionStage<Boolean> delivered(OutboxItem item, long sizeBytes);
}
