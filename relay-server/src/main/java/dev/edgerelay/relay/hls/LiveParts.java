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
  // on the context: a detach at the part's end waiting, and its deadline
  private Promise<Void> leaving;
  private long leavingTimer = -1;

  LiveParts(Context context, HlsLiveMuxer muxer, PartListener listener) {
    this.context = context;
    this.muxer = muxer;
    this.listener = listener;
    context.runOnContext(v -> muxer.addPartListener(listener));
  }

  /**
   * Detaches the listener (handing it the open part's bytes so far, see {@link HlsLiveMuxer#removePartListener});
   * completes on the muxer's context once it was told. A {@link #detachAtPartEnd} still waiting ends now too.
   */
  public Future<Void> detach() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        muxer.removePartListener(listener); // nothing when it left already
      } finally {
        endLeaving();
        done.complete();
      }
    });
    return done.future();
  }

  /**
   * Detaches the listener once the part it is taking ends ({@link HlsLiveMuxer#removePartListenerAtPartEnd}), or
   * as {@link #detach} does when that part has not ended within twice the part's target plus {@code graceMillis}
   * (a stalled stream, a GOP longer than the part) or {@link #detach} is called meanwhile; completes on the
   * muxer's context once it was told.
   */
  public Future<Void> detachAtPartEnd(long graceMillis) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      if (leaving != null) {
        leaving.future().onComplete(done);
        return;
      }
      leaving = done;
      leavingTimer = context.owner().setTimer(2 * muxer.partMillis() + graceMillis, id -> {
        leavingTimer = -1;
        try {
          muxer.removePartListener(listener);
        } finally {
          endLeaving();
        }
      });
      // told from inside the muxer's part end: what waits (a lease to close) runs after it, not within it
      muxer.removePartListenerAtPartEnd(listener, () -> context.runOnContext(w -> endLeaving()));
    });
    return done.future();
  }

  /** On the context: a detach at the part's end is over. */
  private void endLeaving() {
    if (leavingTimer >= 0) {
      context.owner().cancelTimer(leavingTimer);
      leavingTimer = -1;
    }
    if (leaving != null) {
      Promise<Void> done = leaving;
      leaving = null;
      done.tryComplete();
    }
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
