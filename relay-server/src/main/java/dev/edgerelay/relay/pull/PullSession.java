package dev.edgerelay.relay.pull;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.flv.FlvUnitMapper;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpClientException;
import dev.edgerelay.media.rtmp.client.RtmpPlayListener;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamSource;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.PlatformUrls;
import dev.edgerelay.relay.platform.model.PlayAddress;
import dev.edgerelay.relay.platform.model.ProtocolType;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one device-channel's live RTMP from the platform (issue 5): asks play_address (protocol 0) for a
 * token, builds {@code rtmp://addr/live/{dev}-{ch}?{token}} (spec 4.1), plays it, and feeds the
 * {@link Stream}. It reconnects with backoff and jitter, asks for a fresh token when the origin rejects
 * the old one or its lifetime is nearly over, and reconnects when no media arrives for the watchdog
 * interval. Every reconnect that follows media tells readers ({@link Stream#sourceRestarted()}).
 */
public final class PullSession implements StreamSource {
  private static final Logger LOG = LoggerFactory.getLogger(PullSession.class);

  private enum State { NEW, FETCHING_TOKEN, CONNECTING, PLAYING, WAITING, STOPPED }

  private final StreamKey key;
  private final Vertx vertx;
  private final PlatformClient platform;
  private final RtmpClient rtmp;
  private final PullOptions options;
  private final Clock clock;
  private final Backoff backoff;
  private State state = State.NEW;
  private Stream stream;
  private PlayAddress address;
  private long tokenExpiresAtMillis;
  private RtmpPull pull;
  private long playingSinceMillis;
  private boolean deliveredMedia;
  private long connects;
  private String lastFailure;
  private long watchdogTimer = -1;
  private long retryTimer = -1;

  public PullSession(StreamKey key, Vertx vertx, PlatformClient platform, RtmpClient rtmp, PullOptions options,
      Clock clock) {
    this.key = key;
    this.vertx = vertx;
    this.platform = platform;
    this.rtmp = rtmp;
    this.options = options;
    this.clock = clock;
    this.backoff = new Backoff(options, ThreadLocalRandom.current());
  }

  @Override
  public synchronized void start(Stream stream) {
    if (state != State.NEW) {
      return;
    }
    this.stream = stream;
    watchdogTimer = vertx.setPeriodic(Math.max(50, options.watchdogMillis() / 4), id -> watchdog());
    connect();
  }

  private synchronized void connect() {
    if (state == State.STOPPED) {
      return;
    }
    state = State.FETCHING_TOKEN;
    freshAddress().onComplete(ar -> {
      if (ar.succeeded()) {
        play(ar.result());
      } else {
        failed("play_address failed: " + ar.cause().getMessage());
      }
    });
  }

  /** The cached play address, or a new one when there is none or its token is about to expire. */
  private Future<PlayAddress> freshAddress() {
    if (address != null && clock.millis() < tokenExpiresAtMillis - options.tokenRefreshMarginMillis()) {
      return Future.succeededFuture(address);
    }
    long asked = clock.millis();
    return platform.play().address(key.deviceId(), key.channelId(), ProtocolType.RTMP, options.tokenLifetimeMillis())
        .onSuccess(a -> {
          synchronized (this) {
            address = a;
            tokenExpiresAtMillis = asked + options.tokenLifetimeMillis();
          }
        });
  }

  private synchronized void play(PlayAddress playAddress) {
    if (state == State.STOPPED) {
      return;
    }
    state = State.CONNECTING;
    connects++;
    String url = PlatformUrls.liveRtmp(playAddress, key.deviceId(), key.channelId());
    FlvUnitMapper mapper = new FlvUnitMapper(key.rtmpName(), PooledByteBufAllocator.DEFAULT);
    RtmpPull started = rtmp.play(url, new RtmpPlayListener() {
      @Override
      public void onMedia(MediaMessage message) {
        deliver(mapper, message);
      }
    });
    pull = started;
    started.started().whenComplete((v, err) -> {
      if (err == null) {
        playing(started);
      }
    });
    started.finished().whenComplete((v, err) -> ended(started, err));
  }

  private synchronized void playing(RtmpPull which) {
    if (which != pull || state == State.STOPPED) {
      return;
    }
    state = State.PLAYING;
    playingSinceMillis = clock.millis();
    if (deliveredMedia) {
      stream.sourceRestarted(); // on the new connection's loop, before its first unit
    }
    LOG.info("{}: playing (connect #{})", key, connects);
  }

  private void deliver(FlvUnitMapper mapper, MediaMessage message) {
    MediaUnit unit;
    try {
      long now = clock.millis();
      unit = message.isVideo() ? mapper.mapVideo(message.timestamp(), message.content(), now)
          : mapper.mapAudio(message.timestamp(), message.content(), now);
    } finally {
      message.release();
    }
    if (unit != null) {
      deliveredMedia = true;
      stream.publish(unit);
    }
  }

  private synchronized void ended(RtmpPull which, Throwable err) {
    if (which != pull || state == State.STOPPED) {
      return;
    }
    pull = null;
    Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
        ? err.getCause() : err;
    if (cause instanceof RtmpClientException rejected && rejected.reason() == RtmpClientException.Reason.REJECTED) {
      address = null; // the origin refused the token: the next attempt asks play_address again
    }
    failed(cause == null ? "the origin ended the stream" : cause.getMessage());
  }

  private synchronized void failed(String why) {
    if (state == State.STOPPED) {
      return;
    }
    lastFailure = why;
    state = State.WAITING;
    long pause = backoff.nextPauseMillis();
    LOG.warn("{}: {}; reconnecting in {} ms", key, why, pause);
    retryTimer = vertx.setTimer(pause, id -> connect());
  }

  private synchronized void watchdog() {
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
    } else if (now - playingSinceMillis >= options.healthyResetMillis()) {
      backoff.reset();
    }
  }

  @Override
  public synchronized Future<Void> stop() {
    if (state == State.STOPPED) {
      return Future.succeededFuture();
    }
    state = State.STOPPED;
    vertx.cancelTimer(watchdogTimer);
    vertx.cancelTimer(retryTimer);
    if (pull != null) {
      pull.close();
      pull = null;
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized String describe() {
    return "pull " + key.rtmpName() + " from " + (address == null ? "platform" : address.addr()) + " (" + state
        + (lastFailure != null && state != State.PLAYING ? ", last failure: " + lastFailure : "")
        + ", connects " + connects + ")";
  }

  /** Connections made so far (tests: one pull per channel however many viewers). */
  public synchronized long connects() {
    return connects;
  }
}
