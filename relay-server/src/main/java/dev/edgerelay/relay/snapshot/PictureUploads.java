package dev.edgerelay.relay.snapshot;

import dev.edgerelay.recorder.index.PictureRecord;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where a picture marked for upload goes: the node's persistent outbox ({@code UploadService}), which sends it
 * to the platform's picture upload (spec 5.1) and retries across restarts. A port, so the snapshot code does
 * not depend on how the outbox is started, and tests can stand in for it.
 */
public interface PictureUploads {
  /** Queues {@code picture}, stored at {@code file}; completes once the outbox has persisted the item. */
  Future<?> queue(PictureRecord picture, Path file);

  /** Files of pictures still waiting to be sent: the picture quota keeps them (the outbox reads them later). */
  Future<Set<Path>> waitingFiles();
}
