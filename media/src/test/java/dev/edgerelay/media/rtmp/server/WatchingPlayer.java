package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpPlayListener;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.testing.Await;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Our RTMP client playing a live stream, noting when frames arrive so a test can see it was never starved. */
final class WatchingPlayer implements RtmpPlayListener, AutoCloseable {
  private final RtmpClient client = RtmpClient.create(RtmpConfig.defaults());
  private final AtomicInteger frames = new AtomicInteger();
  private final AtomicLong lastArrival = new AtomicLong(System.nanoTime());
  private final AtomicLong longestGap = new AtomicLong();
  private final RtmpPull pull;

  private WatchingPlayer(String url) {
    pull = client.play(url, this);
  }

  static WatchingPlayer play(int port, String name) {
    WatchingPlayer player = new WatchingPlayer("rtmp://127.0.0.1:" + port + "/live/" + name);
    Await.result(player.pull.started(), Duration.ofSeconds(20));
    return player;
  }

  @Override
  public void onMedia(MediaMessage message) {
    message.release();
    long now = System.nanoTime();
    longestGap.accumulateAndGet(now - lastArrival.getAndSet(now), Math::max);
    frames.incrementAndGet();
  }

  int frames() {
    return frames.get();
  }

  /** Starts a new measure of the longest wait between two frames. */
  void resetGap() {
    lastArrival.set(System.nanoTime());
    longestGap.set(0);
  }

  /** The longest wait between two frames since {@link #resetGap()}, counting the wait up to now. */
  Duration longestGap() {
    long sinceLast = System.nanoTime() - lastArrival.get();
    return Duration.ofNanos(Math.max(longestGap.get(), sinceLast));
  }

  boolean finished() {
    return pull.finished().isDone();
  }

  @Override
  public void close() {
    pull.close();
    client.close();
  }
}
