package dev.edgerelay.relay.hls;

import dev.edgerelay.media.ts.PartListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * A {@link PartListener} attached to a channel's live muxer ({@link HlsService#attachParts}): what detaches it
 * and runs work beside it, both on the muxer's context, where the listener is called.
 */
public final class LiveParts {
  private final Context context;
  private final HlsLiveMuxer muxer;
  private final PartListener listener;

  LiveParts(Context context, HlsLiveMuxer muxer, PartListener listener) {
    this.context = context;
    this.muxer = muxer;
    this.listener = listener;
    context.runOnContext(v -> muxer.addPartListener(listener));
  }

  /**
   * Detaches the listener (handing it the open part's bytes so far, see {@link HlsLiveMuxer#removePartListener});
   * completes on the muxer's context once it was told.
   */
  public Future<Void> detach() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        muxer.removePartListener(listener);
      } finally {
        done.complete();
      }
    });
    return done.future();
  }

  /** Runs {@code task} on the muxer's context; a throw is the listener's failure, as one of its own calls would be. */
  public void execute(Runnable task) {
    context.runOnContext(v -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        muxer.removePartListener(listener);
        listener.failed(e);
      }
    });
  }
}
