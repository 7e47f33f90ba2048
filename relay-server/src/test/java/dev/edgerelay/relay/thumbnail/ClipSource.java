package dev.edgerelay.relay.thumbnail;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.relay.hub.Stream;
import dev.edgerelay.relay.hub.StreamSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A source that publishes one given keyframe {@code delayMillis} after it starts, on a Vert.x timer (as a
 * pull session publishes on its event loop), or never when the unit is null: a camera that does not come up.
 */
final class ClipSource implements StreamSource {
  private final Vertx vertx;
  private final MediaUnit keyframe;
  private final long delayMillis;
  private volatile long timer = -1;

  ClipSource(Vertx vertx, MediaUnit keyframe, long delayMillis) {
    this.vertx = vertx;
    this.keyframe = keyframe;
    this.delayMillis = delayMillis;
  }

  @Override
  public void start(Stream stream) {
    if (keyframe != null) {
      timer = vertx.setTimer(delayMillis, id -> stream.publish(keyframe.retainedDuplicate()));
    }
  }

  @Override
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  @Override
  public String describe() {
    return "clip keyframe after " + delayMillis + " ms";
  }
}
