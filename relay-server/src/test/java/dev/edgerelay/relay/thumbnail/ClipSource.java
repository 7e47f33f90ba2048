package dev.edgerelay.relay.thumbnail;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.hub.StreamSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A source that publishes the given keyframes in turn on Vert.x timers (as a pull session publishes on
 * its event loop): the first {@code firstAfterMillis} after it starts, then one every {@code everyMillis}
 * (0: only the first). With no keyframes it publishes nothing: a camera that does not come up.
 */
public final class ClipSource implements StreamSource {
  private final Vertx vertx;
  private final List<MediaUnit> keyframes;
  private final long firstAfterMillis;
  private final long everyMillis;
  private final AtomicInteger next = new AtomicInteger();
  private volatile long timer = -1;
  private volatile boolean stopped;

  public ClipSource(Vertx vertx, List<MediaUnit> keyframes, long firstAfterMillis, long everyMillis) {
    this.vertx = vertx;
    this.keyframes = List.copyOf(keyframes);
    this.firstAfterMillis = Math.max(1, firstAfterMillis);
    this.everyMillis = everyMillis;
  }

  @Override
  public void start(Stream stream) {
    if (!keyframes.isEmpty()) {
      timer = vertx.setTimer(firstAfterMillis, id -> publishNext(stream));
    }
  }

  private void publishNext(Stream stream) {
    if (stopped) {
      return;
    }
    stream.publish(keyframes.get(next.getAndIncrement() % keyframes.size()).retainedDuplicate());
    if (everyMillis > 0) {
      timer = vertx.setTimer(everyMillis, id -> publishNext(stream));
    }
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  @Override
  public String describe() {
    return keyframes.size() + " keyframes, first after " + firstAfterMillis + " ms, then every " + everyMillis + " ms";
  }
}
