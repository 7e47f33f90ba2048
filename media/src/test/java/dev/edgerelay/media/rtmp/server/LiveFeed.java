package dev.edgerelay.media.rtmp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.amf0.Amf0Object;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real publisher over a socket: publishes {@code live/name} with the FFmpeg command sequence, then sends a
 * frame every 40 ms (a keyframe every 25) from its own thread until closed.
 */
final class LiveFeed implements AutoCloseable {
  private final RawRtmpPeer peer;
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong sent = new AtomicLong();
  private volatile IOException failure;

  private LiveFeed(RawRtmpPeer peer) {
    this.peer = peer;
  }

  static LiveFeed publish(int port, String name) throws IOException {
    RawRtmpPeer peer = new RawRtmpPeer(port);
    peer.send(CommandMessage.of(0, "connect", 1, Amf0Object.of("app", "live")));
    assertThat(NetStatus.code(peer.awaitCommand(NetStatus.RESULT))).isEqualTo(NetStatus.CONNECT_SUCCESS);
    peer.send(CommandMessage.of(0, "createStream", 2, null));
    peer.awaitCommand(NetStatus.RESULT);
    peer.send(CommandMessage.of(1, "publish", 0, null, name, "live"));
    assertThat(NetStatus.code(peer.awaitCommand(NetStatus.ON_STATUS))).isEqualTo(NetStatus.PUBLISH_START);
    peer.send(RtmpServerTest.avcSequenceHeader());
    LiveFeed feed = new LiveFeed(peer);
    feed.clock.scheduleAtFixedRate(feed::sendFrame, 0, 40, TimeUnit.MILLISECONDS);
    return feed;
  }

  private void sendFrame() {
    long n = sent.getAndIncrement();
    try {
      peer.send(RtmpServerTest.frame(n * 40, n % 25 == 0));
    } catch (IOException e) {
      failure = e;
      clock.shutdown();
    }
  }

  /** Frames sent so far; fails if the server dropped the publisher. */
  long framesSent() throws IOException {
    if (failure != null) {
      throw failure;
    }
    return sent.get();
  }

  /** Stops sending frames; the connection stays open. */
  void stop() {
    clock.shutdownNow();
    try {
      clock.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    stop();
    peer.close();
  }
}
