package dev.edgerelay.relay.cluster;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who hears that origins may have moved ({@link Ownership#onChange}): each listener runs on the context it was added
 * from, or on the ownership's context when added from no Vert.x thread.
 *
 * <p>Threading: listeners are added from any thread; the ownership tells them from its context.
 */
final class ChangeListeners {
  private record Listener(Runnable action, Context context) {
  }

  private final Context fallback;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /** {@code fallback}: where a listener added from no Vert.x thread runs, the ownership's context. */
  ChangeListeners(Context fallback) {
    this.fallback = fallback;
  }

  void add(Runnable listener) {
    Context caller = Vertx.currentContext();
    listeners.add(new Listener(listener, caller != null ? caller : fallback));
  }

  /** Runs every listener, each on its own context. */
  void tell() {
    for (Listener l : listeners) {
      l.context().runOnContext(v -> l.action().run());
    }
  }
}
