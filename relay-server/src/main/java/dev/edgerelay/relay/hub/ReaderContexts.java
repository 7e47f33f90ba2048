package dev.edgerelay.relay.hub;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

/**
 * Event-loop contexts for per-channel work: stream readers (the HLS muxer, the recorder) and pull sessions
 * (docs/threading.md).
 *
 * <p>A reader created with the caller's context would run on the event loop of whichever request
 * happened to start it: in practice every channel preloaded over HTTP landed on the HTTP server's one
 * event loop while the others sat idle (N = 200). A new context takes the next event loop of
 * Vert.x's group in turn, so channels spread evenly. A context is bound to one event loop for its life, so
 * each reader or session still runs on a single thread, which is what its classes rely on.
 */
public final class ReaderContexts {
  private ReaderContexts() {
  }

  /** A fresh event-loop context on the next event loop of {@code vertx}'s group (round robin). */
  public static Context next(Vertx vertx) {
    return ((VertxInternal) vertx).createEventLoopContext();
  }
}
