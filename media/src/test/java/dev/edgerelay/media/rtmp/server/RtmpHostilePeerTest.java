package dev.edgerelay.media.rtmp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.amf0.Amf0Bombs;
import dev.edgerelay.media.amf0.Amf0Object;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.MessageType;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.testing.Eventually;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AMF bombs and silent peers: each closed with one short log line, while others are served. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RtmpHostilePeerTest {
  private static final Duration SHORT = Duration.ofMillis(400);

  @ParameterizedTest(name = "{0} objects")
  @ValueSource(ints = {20, 30})
  void shouldCloseAReferenceBombWithOneShortLogLineAndNoHeapGrowth(int objects) throws Exception {
    byte[] bomb = HostileSessions.message(3, MessageType.COMMAND_AMF0, 0, Amf0Bombs.referenceBomb(objects));
    try (RtmpServer server = RtmpServer.create(RtmpConfig.defaults(), RtmpAuthorizer.ALLOW_ALL).bind("127.0.0.1", 0)) {
      sendAndAwaitClose(server, bomb); // warm up: classes loaded, buffers pooled
      long heapBefore = usedHeapAfterGc();
      for (int i = 0; i < 5; i++) {
        List<String> lines = sendAndAwaitClose(server, bomb);
        assertThat(lines).singleElement().satisfies(line -> {
          assertThat(line.length()).isLessThan(1024);
          assertThat(line).contains("closing RTMP connection: type 20: more than 64 references");
        });
      }
      long growth = usedHeapAfterGc() - heapBefore;
      System.out.printf("RtmpHostilePeerTest: %d-object reference bomb x5: heap %+d bytes after GC%n", objects, growth);
      assertThat(growth).as("heap growth after five bombs").isLessThan(8L * 1024 * 1024);
    }
  }

  /** Sends {@code bytes} after a handshake, waits for the server to close, and returns the log lines about it. */
  private static List<String> sendAndAwaitClose(RtmpServer server, byte[] bytes) throws Exception {
    try (StderrLog log = new StderrLog(); RawRtmpPeer peer = new RawRtmpPeer(server.port())) {
      peer.send(bytes);
      peer.readUntilClosed();
      Eventually.until("the connection is released", Duration.ofSeconds(5), () -> server.bufferedBytes() == 0);
      return log.linesAbout(peer.localPort());
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void shouldCloseAPeerThatSendsNoCommandAfterTheHandshake() throws Exception {
    RtmpConfig config = RtmpConfig.defaults().setCommandTimeout(SHORT);
    try (RtmpServer server = RtmpServer.create(config, RtmpAuthorizer.ALLOW_ALL).bind("127.0.0.1", 0)) {
      long start = System.nanoTime();
      List<String> lines = sendAndAwaitClose(server, new byte[0]);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(lines).singleElement().satisfies(line ->
          assertThat(line).contains("no command within 400 ms of the handshake (commandTimeout)"));
    }
  }

  @Test
  void shouldClosePeerThatGoesQuietAfterConnect() throws Exception {
    RtmpConfig config = RtmpConfig.defaults().setIdleTimeout(SHORT);
    try (RtmpServer server = RtmpServer.create(config, RtmpAuthorizer.ALLOW_ALL).bind("127.0.0.1", 0);
        StderrLog log = new StderrLog();
        RawRtmpPeer peer = new RawRtmpPeer(server.port())) {
      peer.send(CommandMessage.of(0, "connect", 1, Amf0Object.of("app", "live")));
      assertThat(NetStatus.code(peer.awaitCommand(NetStatus.RESULT))).isEqualTo(NetStatus.CONNECT_SUCCESS);
      peer.readUntilClosed();
      assertThat(log.linesAbout(peer.localPort())).singleElement()
          .satisfies(line -> assertThat(line).contains("no complete message for 400 ms (idleTimeout)"));
    }
  }

  @Test
  void shouldCloseAPeerWhosePlayWasRefusedOnceItGoesQuiet() throws Exception {
    RtmpConfig config = RtmpConfig.defaults().setIdleTimeout(SHORT);
    try (RtmpServer server = RtmpServer.create(config, RtmpAuthorizer.ALLOW_ALL).bind("127.0.0.1", 0);
        RawRtmpPeer peer = new RawRtmpPeer(server.port())) {
      peer.send(CommandMessage.of(0, "connect", 1, Amf0Object.of("app", "live")),
          CommandMessage.of(0, "createStream", 2, null), CommandMessage.of(1, "play", 0, null, "nobody"));
      assertThat(NetStatus.code(peer.awaitCommand(NetStatus.ON_STATUS))).isEqualTo(NetStatus.PLAY_STREAM_NOT_FOUND);
      peer.readUntilClosed(); // a play that never started does not make a listener of it
    }
  }

  @Test
  void shouldCloseAPublisherThatStopsSendingButKeepAPlayerThatOnlyListens() throws Exception {
    RtmpConfig config = RtmpConfig.defaults().setIdleTimeout(SHORT).setCommandTimeout(SHORT);
    try (RtmpServer server = RtmpServer.create(config, RtmpAuthorizer.ALLOW_ALL).bind("127.0.0.1", 0)) {
      LiveStream relayed = server.registry().publish("live", "relayed"); // fed without a connection
      relayed.media(RtmpServerTest.avcSequenceHeader());
      try (WatchingPlayer player = WatchingPlayer.play(server.port(), "relayed");
          LiveFeed feed = LiveFeed.publish(server.port(), "cam")) {
        // 1.6 s of frames at 25 fps: four idle timeouts of a player that sends nothing
        AtomicInteger relayedFrames = new AtomicInteger();
        ScheduledExecutorService camera = Executors.newSingleThreadScheduledExecutor();
        try {
          camera.scheduleAtFixedRate(() -> {
            int i = relayedFrames.get();
            if (i < 40) {
              relayed.media(RtmpServerTest.frame(i * 40L, i % 25 == 0));
              relayedFrames.incrementAndGet();
            }
          }, 0, 40, TimeUnit.MILLISECONDS);
          Eventually.until("40 frames relayed at 25 fps", Duration.ofSeconds(30), () -> relayedFrames.get() == 40);
        } finally {
          camera.shutdown();
          camera.awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(player.finished()).isFalse();
        assertThat(player.frames()).isGreaterThan(30);
        assertThat(feed.framesSent()).isGreaterThan(30); // a publisher that sends frames is never idle

        feed.stop(); // the socket stays open: only the idle deadline can end the publication
        Eventually.until("the quiet publisher is unpublished", Duration.ofSeconds(10),
            () -> server.registry().find("live", "cam") == null);
      } finally {
        relayed.unpublish();
      }
    }
  }
}
