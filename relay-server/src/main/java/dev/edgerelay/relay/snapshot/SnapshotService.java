package dev.edgerelay.relay.snapshot;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.picture.PictureStore;
import dev.edgerelay.recorder.index.PictureRecord;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.thumbnail.Thumbnailer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots: a JPEG of a channel's latest keyframe, made by the {@link Thumbnailer} (which keeps a
 * cold channel running for the node's idle time, as a viewer would), stored in the {@link PictureStore},
 * and queued for the platform's picture upload when asked. Taken on request and every
 * {@link SnapshotOptions#intervalS()} for the configured channels; a channel whose last periodic snapshot
 * is still being made is skipped, so a slow channel never piles requests up.
 */
public final class SnapshotService {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);
  /** The picture format snapshots are stored and uploaded in. */
  static final String SNAPSHOT_FORMAT = "jpg";
  /** How often the age limit is applied besides after each new picture: pictures age without anyone storing. */
  static final long AGE_CHECK_PERIOD_MS = 60_000;

  /** Runs blocking work on a worker (the recorder's). */
  public interface Blocking {
    <T> Future<T> run(Callable<T> work);
  }

  private final Vertx vertx;
  private final Thumbnailer thumbnails;
  private final PictureStore store;
  private final Blocking blocking;
  private final PictureUploads uploads;
  private final SnapshotOptions options;
  private final Clock clock;
  private final Set<ChannelRef> periodicInFlight = ConcurrentHashMap.newKeySet();
  private final SecureRandom random = new SecureRandom();
  private final long timer;
  private final long retentionTimer;

  public SnapshotService(Vertx vertx, Thumbnailer thumbnails, PictureStore store, Blocking blocking,
      PictureUploads uploads, SnapshotOptions options, Clock clock) {
    this.vertx = vertx;
    this.thumbnails = thumbnails;
    this.store = store;
    this.blocking = blocking;
    this.uploads = uploads;
    this.options = options;
    this.clock = clock;
    this.timer = options.intervalS() > 0 && !options.periodicChannels().isEmpty()
        ? vertx.setPeriodic(options.intervalS() * 1000L, id -> takePeriodic()) : -1;
    this.retentionTimer = options.pictureMaxAgeMillis() > 0
        ? vertx.setPeriodic(AGE_CHECK_PERIOD_MS, id -> enforceRetention()) : -1;
  }

  public PictureStore store() {
    return store;
  }

  public <T> Future<T> blocking(Callable<T> work) {
    return blocking.run(work);
  }

  /** The service clock's now: when an uploaded picture is taken. */
  public long now() {
    return clock.millis();
  }

  /** The name a snapshot taken now gets when none is given ({@link PictureNames#automatic}). */
  public String autoName() {
    return PictureNames.automatic(clock.millis(), random);
  }

  /**
   * Takes a snapshot of {@code channel} named {@code name} (already checked by {@link PictureNames}). Fails
   * with the thumbnailer's errors, or {@link PictureStore.RefusedException} for a taken name or a full channel.
   */
  public Future<PictureRecord> take(ChannelRef channel, String name, String desc, boolean upload) {
    return thumbnails.thumbnail(new StreamKey(channel.deviceId(), channel.channelId()), 0)
        .compose(image -> store(channel, name, SNAPSHOT_FORMAT, desc, image.jpeg(), upload, image.keyframeAtMillis()));
  }

  /** Stores a picture (a snapshot or an app's upload, spec 5.1), queues it when marked, and applies the quota. */
  public Future<PictureRecord> store(ChannelRef channel, String name, String format, String desc, byte[] image,
      boolean upload, long takenMillis) {
    return blocking.run(() -> store.add(channel, name, format, desc, image, upload, takenMillis)).compose(picture -> {
      Future<PictureRecord> queued = picture.upload()
          ? uploads.queue(picture, store.file(picture)).map(picture) : Future.succeededFuture(picture);
      return queued.onComplete(ar -> enforceRetention());
    });
  }

  /**
   * Retention of pictures: those older than the age limit go, then past the quota the oldest go, except those
   * the outbox has still to send; returns how many were deleted.
   */
  Future<Integer> enforceRetention() {
    long maxAge = options.pictureMaxAgeMillis();
    if (!store.overQuota() && maxAge == 0) {
      return Future.succeededFuture(0);
    }
    long cutoff = clock.millis() - maxAge;
    return uploads.waitingFiles().compose(waiting -> blocking.run(() ->
            (maxAge > 0 ? store.enforceAge(cutoff, waiting) : 0) + store.enforceQuota(waiting)))
        .onFailure(err -> LOG.error("picture retention failed", err));
  }

  private void takePeriodic() {
    for (ChannelRef channel : options.periodicChannels()) {
      if (!periodicInFlight.add(channel)) {
        continue; // the previous one is still being made
      }
      take(channel, autoName(), "periodic", options.upload())
          .onComplete(ar -> periodicInFlight.remove(channel))
          .onFailure(err -> LOG.warn("periodic snapshot of {} failed: {}", channel, err.getMessage()));
    }
  }

  /** Stops the periodic snapshots; safe to call twice. */
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (retentionTimer >= 0) {
      vertx.cancelTimer(retentionTimer);
    }
  }
}
