package dev.edgerelay.relay.snapshot;

import dev.edgerelay.recorder.outbox.UploadTarget;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/**
 * Where a picture marked for upload goes: the node's persistent outbox, which sends it to the platform's
 * picture upload (spec 5.1) and retries across restarts. A port, so the snapshot code does not depend on
 * how the outbox is started.
 */
@FunctionalInterface
public interface PictureUploads {
  /** Queues {@code file} for {@code target}; completes once the outbox has persisted the item. */
  CompletionStage<?> enqueue(Path file, UploadTarget target);
}
