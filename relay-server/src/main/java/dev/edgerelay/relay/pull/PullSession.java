package dev.edgerelay.relay.pull;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.rtmp.client.MediaUnitListener;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpClientException;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.hub.ReaderContexts;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamSource;
import dev.edgerelay.relay.platform.PlatformClient;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one device-channel's live RTMP from its {@link Upstream} (the platform with a play_address token, spec
 * 4.1, or the origin node's LAN RTMP for a relay) and feeds the {@link Stream}. It reconnects with a
 * {@link Backoff} that grows only with consecutive attempts that delivered no media, asks the upstream for a
 * fresh token when the old one is refused, and reconnects when no media arrives for the watchdog interval.
 * Every reconnect that follows media tells readers ({@link Stream#sourceRestarted()}).
 *
 * <p>Confined to one event-loop context (docs/threading.md): its timers fire there, the upstream's answers and
 * the RTMP client's start/end hop onto it, and its RTMP connections are opened on that context's event loop, so
 * media arrives on the same thread and is published without a hop. Only {@link #describe()} and
 * {@link #connects()} are read from other threads, through volatile fields.
 */
public final class PullSession implements StreamSource {
  private static final Logger LOG = LoggerFactory.getLogger(PullSession.class);

  /** Where the play loop is: WAITING is the pause before a reconnect (spec 4.1 play_address each time). */
  public enum State { NEW, FETCHING_TOKEN, CONNECTING, PLAYING, WAITING, STOPPED }

  private final StreamKey key;
  private final Vertx vertx;
  private final Context context;
  private final Upstream upstream;
  private final RtmpClient rtmp;
  private final PullOptions options;
  private final Clock clock;
  private final Backoff backoff;
  private volatile State state = State.NEW;
  private volatile String lastFailure;
  private volatile long connects;
  private Stream stream;
  private RtmpPull pull;
  private long playingSinceMillis;
  private boolean deliveredMedia;
  private final Promise<Void> firstAttempt = Promise.promise();
  private final Promise<Long> firstMedia = Promise.promise();
  private long watchdogTimer = -1;
  private long retryTimer = -1;

  /** A pull from the platform (this node is the channel's origin). */
  public PullSession(StreamKey key, Vertx vertx, PlatformClient platform, RtmpClient rtmp, PullOptions options,
      Clock clock) {
    this(key, vertx, new PlatformUpstream(key, platform, options, clock), rtmp, options, clock);
  }

  public PullSession(StreamKey key, Vertx vertx, Upstream upstream, RtmpClient rtmp, PullOptions options,
      Clock clock) {
    this.key = key;
    this.vertx = vertx;
    this.context = ReaderContexts.next(vertx);
    this.upstream = upstream;
    this.rtmp = rtmp;
    this.options = options;
    this.clock = clock;
    this.backoff = new Backoff(options, clock, ThreadLocalRandom.current());
  }
  /** Runs {@code task} on this session's context: at once when already there, else as a task of it. */
  private void onContext(Runnable task) {
    if (Vertx.currentContext() == context) {
      task.run();
    } else {
      context.runOnContext(v -> task.run());
    }
  }

  @Override
  public void start(Stream target) {
    onContext(() -> {
      if (state != State.NEW) {
        return;
      }
      this.stream = target;
      watchdogTimer = vertx.setPeriodic(Math.max(50, options.watchdogMillis() / 4), id -> watchdog());
      connect();
    });
  }

  private void connect() {
    if (state == State.STOPPED) {
      return;
    }
    state = State.FETCHING_TOKEN;
    backoff.attemptStarted();
    upstream.playUrl().onComplete(ar -> onContext(() -> {
      if (ar.succeeded()) {
        play(ar.result());
      } else {
        failed(ar.cause().getMessage());
      }
    }));
  }

  private void play(String url) {
    if (state == State.STOPPED) {
      return;
    }
    state = State.CONNECTING;
    connects++;
    boolean[] firstUnit = {true};
    RtmpPull started = rtmp.play(url, new MediaUnitListener(key.rtmpName(), PooledByteBufAllocator.DEFAULT,
        clock::millis, unit -> deliver(unit, firstUnit)), ((ContextInternal) context).nettyEventLoop());
    pull = started;
    started.started().whenComplete((v, err) -> {
      if (err == null) {
        onContext(() -> playing(started));
      }
    });
    started.finished().whenComplete((v, err) -> onContext(() -> ended(started, err)));
  }

  private void playing(RtmpPull which) {
    if (which != pull || state == State.STOPPED) {
      return;
    }
    state = State.PLAYING;
    firstAttempt.tryComplete();
    playingSinceMillis = clock.millis();
    LOG.info("{}: playing (connect #{})", key, connects);
  }

  /**
   * On the connection's event loop, which is this session's: one unit, owned from here on. The first unit of a
   * connection that follows media tells readers of the restart before it reaches them. (The start of play hops
   * onto the context and may run after the first units of the connection, so it cannot be the signal.)
   */
  private void deliver(MediaUnit unit, boolean[] firstOfConnection) {
    if (state == State.STOPPED) {
      unit.release();
      return;
    }
    if (firstOfConnection[0]) {
      firstOfConnection[0] = false;
      if (deliveredMedia) {
        stream.sourceRestarted();
      }
    }
    if (!deliveredMedia) {
      firstMedia.tryComplete(clock.millis());
    }
    deliveredMedia = true;
    backoff.mediaArrived();
    stream.publish(unit);
  }

  private void ended(RtmpPull which, Throwable err) {
    if (which != pull || state == State.STOPPED) {
      return;
    }
    pull = null;
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (cause instanceof RtmpClientException rejected && rejected.reason() == RtmpClientException.Reason.REJECTED) {
      upstream.tokenRefused(); // the next attempt asks for a fresh token
    }
    failed(cause == null ? "the origin ended the stream" : cause.getMessage());
  }

  private void failed(String why) {
    if (state == State.STOPPED) {
      return;
    }
    lastFailure = why;
    state = State.WAITING;
    firstAttempt.tryComplete();
    long pause = backoff.nextPauseMillis();
    LOG.warn("{}: {}; reconnecting in {} ms", key, why, pause);
    retryTimer = vertx.setTimer(Math.max(1, pause), id -> connect()); // Vert.x timers need at least 1 ms
  }

  private void watchdog() {
    if (state != State.PLAYING || pull == null) {
      return;
    }
    long now = clock.millis();
    long lastMedia = Math.max(stream.lastUnitAtMillis(), playingSinceMillis);
    if (now - lastMedia > options.watchdogMillis()) {
      LOG.warn("{}: no media for {} ms, reconnecting", key, now - lastMedia);
      RtmpPull stale = pull;
      pull = null;
      stale.close();
      failed("no media for " + (now - lastMedia) + " ms");
    }
  }

  @Override
  public Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    onContext(() -> {
      if (state != State.STOPPED) {
        state = State.STOPPED;
        firstAttempt.tryComplete();
        firstMedia.tryFail("stopped before any media");
        vertx.cancelTimer(watchdogTimer);
        vertx.cancelTimer(retryTimer);
        if (pull != null) {
          pull.close();
          pull = null;
        }
      }
      stopped.complete();
    });
    return stopped.future();
  }

  /** The context this session connects, reads and publishes on for its life. */
  @Override
  public Context context() {
    return context;
  }

  @Override
  public String describe() {
    State now = state;
    String failure = lastFailure;
    return upstream.describe() + " (" + now
        + (failure != null && now != State.PLAYING ? ", last failure: " + failure : "")
        + ", connects " + connects + ")";
  }

  /** Completes once the first connect played or failed (or the session stopped): a paced takeover's turn ends. */
  public Future<Void> firstAttempt() {
    return firstAttempt.future();
  }

  /** Completes with when (epoch ms) the first unit arrived; fails if the session stops before any. */
  public Future<Long> firstMedia() {
    return firstMedia.future();
  }

  /** Where this session plays from. */
  public Upstream upstream() {
    return upstream;
  }

  /** The play loop's state now (metrics, {@code edge_channel_pull_state}); read from any thread. */
  public State state() {
    return state;
  }

  /** Connections made so far (tests: one pull per channel however many viewers). */
  public long connects() {
    return connects;
  }
}
