package dev.edgerelay.relay.snapshot;

import dev.edgerelay.recorder.index.PictureRecord;
import dev.edgerelay.recorder.outbox.OutboxItem;
import dev.edgerelay.recorder.outbox.OutboxState;
import dev.edgerelay.recorder.outbox.UploadKind;
import dev.edgerelay.relay.upload.UploadService;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Pictures into the node's upload outbox, sent by its platform uploader to spec 5.1. */
public final class OutboxPictureUploads implements PictureUploads {
  private final UploadService uploads;

  public OutboxPictureUploads(UploadService uploads) {
    this.uploads = uploads;
  }

  @Override
  public Future<?> queue(PictureRecord p, Path file) {
    return uploads.queuePicture(p.channel().deviceId(), p.channel().channelId(), p.format(), p.name(), p.desc(), file);
  }

  /** Pending and in-flight pictures; done and parked ones no longer need their file. */
  @Override
  public Future<Set<Path>> waitingFiles() {
    return uploads.items().map(items -> {
      Set<Path> waiting = new HashSet<>();
      for (OutboxItem item : items) {
        if (item.kind() == UploadKind.PICTURE && (item.state() == OutboxState.PENDING
            || item.state() == OutboxState.IN_FLIGHT)) {
          waiting.add(Path.of(item.localRef()));
        }
      }
      return waiting;
    });
  }
}
