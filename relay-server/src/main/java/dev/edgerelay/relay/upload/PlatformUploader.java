package dev.edgerelay.relay.upload;

import dev.edgerelay.recorder.outbox.OutboxItem;
import dev.edgerelay.recorder.outbox.UploadBody;
import dev.edgerelay.recorder.outbox.UploadFailure;
import dev.edgerelay.recorder.outbox.UploadFailure.Disposition;
import dev.edgerelay.recorder.outbox.UploadKind;
import dev.edgerelay.recorder.outbox.UploadTarget;
import dev.edgerelay.recorder.outbox.Uploader;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.PlatformException;
import dev.edgerelay.relay.platform.model.PictureUpload;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionStage;

/**
 * The outbox's {@link Uploader} over the platform client: recordings to object storage (spec 15.1,
 * {@code name}, {@code desc}, body = the segment), pictures to spec 5.1. Sorts the platform's answers into
 * what the outbox does next: transport failures may have reached the platform (check before resending), 5xx
 * are retried, a taken picture name is checked, everything else (1001-1003, 413, 401, 403) is parked.
 */
public final class PlatformUploader implements Uploader {
  /** Spec 5.1 names no code for "a picture of that name exists"; the emulator's number (SimError 126). */
  static final int PICTURE_NAME_TAKEN = 126;
  /** Spec 5.3's "no such picture" as the emulator answers it (SimError 125). */
  static final int PICTURE_NOT_FOUND = 125;
  /** Spec 15.4 page size for the delivered check: the name filter leaves a handful at most. */
  static final int LIST_PAGE_SIZE = 100;

  private final Vertx vertx;
  private final PlatformClient platform;

  public PlatformUploader(Vertx vertx, PlatformClient platform) {
    this.vertx = vertx;
    this.platform = platform;
  }

  /** Streams the body as the outbox paces it ({@link PacedBodyStream}), from a Vert.x context of its own. */
  @Override
  public CompletionStage<Void> send(OutboxItem item, UploadBody body) {
    Context context = vertx.getOrCreateContext();
    Promise<Void> sent = Promise.promise();
    context.runOnContext(v -> {
      PacedBodyStream stream = new PacedBodyStream(context, body);
      UploadTarget t = item.target();
      Future<Void> upload = item.kind() == UploadKind.RECORDING
          ? platform.objects().upload(t.name(), t.desc(), stream, body.length(), body.paceMillis())
          : platform.pictures().upload(new PictureUpload(t.deviceId(), t.channelId(), t.format(), t.name(), t.desc()),
              stream, body.length(), body.paceMillis());
      upload.onComplete(sent);
    });
    return sent.future().recover(err -> Future.failedFuture(classify(err))).toCompletionStage();
  }

  @Override
  public CompletionStage<Boolean> delivered(OutboxItem item, long sizeBytes) {
    String name = item.target().name();
    if (item.kind() == UploadKind.RECORDING) {
      return platform.objects().list(name, 1, LIST_PAGE_SIZE)
          .map(page -> page.items().stream().anyMatch(o -> o.name().equals(name) && o.size() == sizeBytes))
          .toCompletionStage();
    }
    return platform.pictures().info(item.target().deviceId(), item.target().channelId(), name)
        .map(p -> p.size() == sizeBytes)
        .recover(err -> err instanceof PlatformException e && e.errno() == PICTURE_NOT_FOUND
            ? Future.succeededFuture(false) : Future.failedFuture(err))
        .toCompletionStage();
  }

  static UploadFailure classify(Throwable err) {
    if (!(err instanceof PlatformException e)) {
      return new UploadFailure(Disposition.RETRY_UNKNOWN, String.valueOf(err.getMessage()), err);
    }
    String reason = "errno " + e.errno() + ": " + e.platformMessage();
    if (e.errno() == PlatformException.ERRNO_TRANSPORT || e.errno() == PlatformException.ERRNO_MALFORMED) {
      return new UploadFailure(Disposition.RETRY_UNKNOWN, reason, e);
    }
    if (e.retryable()) {
      return new UploadFailure(Disposition.RETRY, reason, e);
    }
    if (e.errno() == PICTURE_NAME_TAKEN) {
      return new UploadFailure(Disposition.NAME_TAKEN, reason, e);
    }
    return new UploadFailure(Disposition.PARK, reason, e);
  }
}
