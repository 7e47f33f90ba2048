package dev.edgerelay.media.rtmp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Strangers that complete the handshake and declare many large messages cost the bytes they send, not
 * the bytes they declare, and are closed by the command deadline; a player is served throughout.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RtmpMemoryBudgetTest {
  private static final int STRANGERS = 400;
  private static final int STREAMS = 64;
  private static final int EIGHT_MIB = 8 * 1024 * 1024;
  private static final long SIXTY_FOUR_MB = 64L * 1000 * 1000;

  @Test
  void shouldKeepDirectMemoryBoundedWhileStrangersDeclareLargeMessagesAndServeThePlayerThroughout() throws Exception {
    RtmpConfig config = RtmpConfig.defaults().setCommandTimeout(Duration.ofSeconds(5));
    try (RtmpServer server = RtmpServer.create(config, RtmpAuthorizer.ALLOW_ALL).bind("127.0.0.1", 0);
        LiveFeed feed = LiveFeed.publish(server.port(), "cam");
        WatchingPlayer player = WatchingPlayer.play(server.port(), "cam")) {
      Eventually.until("the player receives frames", Duration.ofSeconds(20), () -> player.frames() > 10);
      PeakSampler sampler = new PeakSampler(server);

      // GIVEN 400 strangers after a valid handshake, each opening 64 messages of 8 MiB with one chunk each
      player.resetGap();
      byte[] declare = HostileSessions.declareMessages(STREAMS, EIGHT_MIB);
      List<RawRtmpPeer> strangers = new ArrayList<>();
      try {
        for (int i = 0; i < STRANGERS; i++) {
          RawRtmpPeer stranger = new RawRtmpPeer(server.port());
          strangers.add(stranger);
          stranger.send(declare);
        }
        int framesDuringAttack = player.frames();
        Duration gapDuringAttack = player.longestGap();

        // THEN every one is closed by the command deadline, having held only what it sent
        for (RawRtmpPeer stranger : strangers) {
          stranger.readUntilClosed(); // fails by SocketTimeoutException if a stranger stays open
        }
        Eventually.until("the strangers' bytes are given back", Duration.ofSeconds(10),
            () -> server.bufferedBytes() == 0);
        sampler.close();
        long growth = sampler.directGrowth();
        System.out.printf("RtmpMemoryBudgetTest: %d strangers x %d streams declaring %d bytes: direct memory"
            + " +%d bytes at peak, unfinished messages held %d bytes at peak, longest frame gap %d ms%n",
            STRANGERS, STREAMS, EIGHT_MIB, growth, sampler.peakBuffered(), player.longestGap().toMillis());
        assertThat(growth).as("direct memory growth").isLessThan(SIXTY_FOUR_MB);
        assertThat(sampler.peakBuffered()).isPositive().isLessThanOrEqualTo((long) STRANGERS * STREAMS * HostileSessions.CHUNK);
        assertThat(framesDuringAttack).isGreaterThan(10);
        assertThat(gapDuringAttack).as("longest wait for a frame while strangers connected")
            .isLessThan(Duration.ofSeconds(2));
        int framesAfter = player.frames();
        Eventually.until("the player goes on after the strangers are gone", Duration.ofSeconds(10),
            () -> player.frames() > framesAfter + 10);
        assertThat(player.longestGap()).isLessThan(Duration.ofSeconds(2));
        assertThat(feed.framesSent()).isPositive(); // the publisher was never dropped
      } finally {
        sampler.close();
        for (RawRtmpPeer stranger : strangers) {
          stranger.close();
        }
      }
    }
  }
}
