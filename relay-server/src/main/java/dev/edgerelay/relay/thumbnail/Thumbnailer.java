package dev.edgerelay.relay.thumbnail;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Live thumbnails (spec 4.3 live_preview): a JPEG of a channel's latest keyframe, decoded on
 * a bounded {@link ThumbnailPool} and cached per (channel, width) for a maximum age. Concurrent requests
 * for the same image share one decode; a cold channel is started and its first keyframe awaited on a
 * timer, never by blocking. Every method is safe to call from any event loop.
 */
public final class Thumbnailer {
  private final Vertx vertx;
  private final StreamHub hub;
  private final ThumbnailOptions options;
  private final long keepAliveMillis;
  private final Clock clock;
  private final ThumbnailPool pool;
  private final ConcurrentHashMap<ImageKey, Cached> cache = new ConcurrentHashMap<>();
  private final AtomicLong decodes = new AtomicLong();
  private volatile LongConsumer made = nanos -> {};

  /** One cached image: a channel at a width (0 = the picture's own). */
  private record ImageKey(StreamKey key, int width) {}

  /** An image being made (shared by every request that arrives meanwhile) or made. */
  private record Cached(Future<Thumbnail> image) {
    boolean servable(long now, long maxAgeMillis) {
      return !image.isComplete() || (image.succeeded() && now - image.result().madeAtMillis() <= maxAgeMillis);
    }
  }

  /**
   * @param keepAliveMillis how long a thumbnail request keeps its channel running (the node's idle time)
   * @param clock the clock of the cache's maximum age
   */
  public Thumbnailer(Vertx vertx, StreamHub hub, ThumbnailOptions options, long keepAliveMillis, Clock clock) {
    this.vertx = vertx;
    this.hub = hub;
    this.options = options.validate();
    this.keepAliveMillis = keepAliveMillis;
    this.clock = clock;
    this.pool = new ThumbnailPool(options.workers(), options.queue());
  }

  /**
   * A JPEG of {@code key}'s latest keyframe, {@code width} pixels wide (0: the picture's own size).
   * Fails with {@link ThumbnailException}, {@link IllegalArgumentException} for a bad width, or the
   * hub's {@code HubFullException} when a cold channel cannot be started.
   */
  public Future<Thumbnail> thumbnail(StreamKey key, int width) {
    String problem = ThumbnailOptions.widthProblem(width);
    if (problem != null) {
      return Future.failedFuture(new IllegalArgumentException(problem));
    }
    ImageKey imageKey = new ImageKey(key, width);
    long now = clock.millis();
    Cached current = cache.get(imageKey);
    if (current != null && current.servable(now, options.maxAgeMillis())) {
      return current.image;
    }
    Promise<Thumbnail> promise = Promise.promise();
    Cached mine = new Cached(promise.future());
    Cached winner = cache.compute(imageKey,
        (k, old) -> old != null && old.servable(now, options.maxAgeMillis()) ? old : mine);
    if (winner != mine) {
      return winner.image; // another request started this image between our look and our claim
    }
    bound();
    promise.future().onFailure(err -> cache.remove(imageKey, mine)); // failures are retried, not cached
    make(key, width).onComplete(promise);
    return promise.future();
  }

  /**
   * {@code listener} hears how long each image made took, in nanoseconds, from the cache miss to the JPEG: the
   * cold start's wait for a keyframe, the queue for a worker, decoding and encoding (metrics). Cached and shared
   * answers are not timed. Runs on the worker's completion thread; it must not block.
   */
  public void onMade(LongConsumer listener) {
    made = listener;
  }

  private Future<Thumbnail> make(StreamKey key, int width) {
    long startedAt = System.nanoTime();
    Stream stream;
    try {
      stream = hub.keepAlive(key, keepAliveMillis); // a thumbnail is a viewer too: it starts a cold channel
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return latestKeyframe(stream).compose(unit -> {
      long keyframeAt = unit.receivedAtMillis();
      decodes.incrementAndGet();
      return pool.transcode(unit, width).map(jpeg ->
          new Thumbnail(key, jpeg.bytes(), jpeg.width(), jpeg.height(), keyframeAt, clock.millis()));
    }).onSuccess(image -> made.accept(System.nanoTime() - startedAt));
  }

  /** The stream's latest keyframe now, or the first one to arrive within the cold-start deadline. */
  private Future<MediaUnit> latestKeyframe(Stream stream) {
    MediaUnit unit = stream.latestKeyframe();
    if (unit != null) {
      return Future.succeededFuture(unit);
    }
    Promise<MediaUnit> promise = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.coldWaitMillis());
    pollKeyframe(stream, deadline, promise);
    return promise.future();
  }

  private void pollKeyframe(Stream stream, long deadlineNanos, Promise<MediaUnit> promise) {
    vertx.setTimer(options.keyframePollMillis(), id -> {
      MediaUnit unit = stream.latestKeyframe();
      if (unit != null) {
        promise.complete(unit);
      } else if (stream.ended()) {
        promise.fail(new ThumbnailException(ThumbnailException.Reason.NO_KEYFRAME, "channel " + stream.name()
            + " stopped before it sent a video keyframe: check that the camera is online, then retry"));
      } else if (System.nanoTime() - deadlineNanos >= 0) {
        promise.fail(new ThumbnailException(ThumbnailException.Reason.NO_KEYFRAME, "channel " + stream.name()
            + " sent no video keyframe within " + options.coldWaitMillis() + " ms: check that the camera is online,"
            + " then retry"));
      } else {
        pollKeyframe(stream, deadlineNanos, promise);
      }
    });
  }

  /** Keeps the cache within {@link ThumbnailOptions#maxCached()}: expired images go first, then finished ones. */
  private void bound() {
    if (cache.size() <= options.maxCached()) {
      return;
    }
    long now = clock.millis();
    cache.values().removeIf(c -> !c.servable(now, options.maxAgeMillis()));
    Iterator<Map.Entry<ImageKey, Cached>> it = cache.entrySet().iterator();
    while (cache.size() > options.maxCached() && it.hasNext()) {
      if (it.next().getValue().image.isComplete()) {
        it.remove(); // images still being made keep their place: requests are waiting on them
      }
    }
  }

  /** Keyframes handed to the decoder since start: coalesced and cached requests do not count. */
  public long decodes() {
    return decodes.get();
  }

  /** Images being made or waiting for a worker: 0 once every worker has finished its task and waits for work. */
  int pendingDecodes() {
    return pool.pending();
  }

  /** Images in the cache, made or being made. */
  public int cached() {
    return cache.size();
  }

  public ThumbnailOptions options() {
    return options;
  }

  /** Finishes the images being made and frees the decoders. */
  public Future<Void> close() {
    cache.clear();
    return pool.close(vertx);
  }
}
