package dev.edgerelay.relay.hub;

import dev.edgerelay.media.stream.Stream;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Feeds one {@link Stream}: a pull session from the platform, or a LAN camera publishing to the node.
 * The source publishes on its own event loop and never blocks it.
 */
public interface StreamSource {
  /** Begins feeding {@code stream}; reconnects are the source's business (it calls {@link Stream#sourceRestarted()}). */
  void start(Stream stream);

  /** Stops for good; the hub ends the stream afterwards. Idempotent. */
  Future<Void> stop();

  /** One line for logs and {@code /edge/channels}: where the media comes from and how it is doing. */
  String describe();

  /**
   * The event-loop context the source publishes on, when it keeps one for its life, else null. A reader that runs
   * there (the HLS muxer, and the recorder through it) takes each unit without a hop to another thread: no wake-up
   * of another event loop per unit, which at 200 channels was a few thousand a second (docs/threading.md).
   */
  default Context context() {
    return null;
  }

  /** Creates the source for a device-channel when the hub needs one. */
  @FunctionalInterface
  interface Factory {
    StreamSource create(StreamKey key);
  }
}
