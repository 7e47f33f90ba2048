package dev.edgerelay.media.rtmp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.server.FuzzSessions.Kind;
import dev.edgerelay.media.testing.Eventually;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server fed random and mutated sessions ({@link FuzzSessions}) from many peers at once, for a few
 * seconds: every connection is closed or answered in time, unfinished messages stay within the budget and
 * are all given back, direct memory stays bounded, and a player on a live stream is served throughout.
 * A failing session names its seed; {@code -Drtmp.fuzz.seed=...} replays a run, {@code -Drtmp.fuzz.millis}
 * lengthens it.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RtmpServerFuzzTest {
  private static final long SEED = Long.getLong("rtmp.fuzz.seed", 0x14_2026L);
  private static final long RUN_MILLIS = Long.getLong("rtmp.fuzz.millis", 4000);
  private static final int PEERS = 16;
  /** Handshake, first command and idle deadline of the server under test: short, so silence ends fast. */
  private static final Duration DEADLINE = Duration.ofMillis(300);
  /** How long a session may wait for the server to close or answer after its last byte. */
  private static final int ANSWER_MILLIS = 1500;
  private static final long SIXTY_FOUR_MB = 64L * 1000 * 1000;

  record Outcome(long seed, Kind kind, boolean closed, long bytesReceived) {
    boolean closedOrAnswered() {
      return closed || bytesReceived > 0;
    }
  }

  @Test
  void shouldCloseOrAnswerEverySessionKeepTheMemoryBudgetAndServeThePlayer() throws Exception {
    RtmpConfig config = RtmpConfig.defaults().setHandshakeTimeout(DEADLINE).setCommandTimeout(DEADLINE)
        .setIdleTimeout(DEADLINE);
    ExecutorService peers = Executors.newFixedThreadPool(PEERS);
    try (RtmpServer server = RtmpServer.create(config, RtmpAuthorizer.ALLOW_ALL).bind("127.0.0.1", 0);
        LiveFeed feed = LiveFeed.publish(server.port(), "cam");
        WatchingPlayer player = WatchingPlayer.play(server.port(), "cam")) {
      PeakSampler sampler = new PeakSampler(server);
      player.resetGap();

      // each peer runs sessions one after another until the time is up; seeds never repeat across peers
      long end = System.nanoTime() + Duration.ofMillis(RUN_MILLIS).toNanos();
      List<Future<List<Outcome>>> running = new ArrayList<>();
      for (int p = 0; p < PEERS; p++) {
        long firstSeed = SEED + p * 1_000_000L;
        running.add(peers.submit(() -> {
          List<Outcome> outcomes = new ArrayList<>();
          for (long seed = firstSeed; System.nanoTime() < end; seed++) {
            outcomes.add(run(server.port(), seed, Kind.values()[(int) (seed % Kind.values().length)]));
          }
          return outcomes;
        }));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<List<Outcome>> f : running) {
        outcomes.addAll(f.get());
      }
      sampler.close();

      Map<Kind, int[]> tally = new EnumMap<>(Kind.class);
      for (Outcome outcome : outcomes) {
        assertThat(outcome.closedOrAnswered()).as("session seed %d (%s) closed or answered within %d ms",
            outcome.seed(), outcome.kind(), ANSWER_MILLIS).isTrue();
        int[] counts = tally.computeIfAbsent(outcome.kind(), k -> new int[2]);
        counts[outcome.closed() ? 0 : 1]++;
      }
      StringBuilder summary = new StringBuilder();
      tally.forEach((kind, counts) -> summary.append(' ').append(kind).append('=').append(counts[0])
          .append(" closed/").append(counts[1]).append(" answered"));
      System.out.printf("RtmpServerFuzzTest: seed %d, %d sessions:%s; direct memory +%d bytes at peak,"
          + " unfinished messages %d bytes at peak, longest frame gap %d ms%n", SEED, outcomes.size(), summary,
          sampler.directGrowth(), sampler.peakBuffered(), player.longestGap().toMillis());

      Eventually.until("every unfinished message given back", Duration.ofSeconds(10), () -> server.bufferedBytes() == 0);
      assertThat(sampler.peakBuffered()).isLessThanOrEqualTo(config.maxServerBufferedBytes());
      assertThat(sampler.directGrowth()).as("direct memory growth").isLessThan(SIXTY_FOUR_MB);
      assertThat(player.finished()).isFalse();
      int frames = player.frames();
      Eventually.until("the player is still served", Duration.ofSeconds(10), () -> player.frames() > frames + 5);
      assertThat(player.longestGap()).as("longest wait for a frame during the fuzzing").isLessThan(Duration.ofSeconds(2));
      assertThat(feed.framesSent()).isPositive(); // the publisher was never dropped
    } finally {
      peers.shutdownNow();
    }
  }

  /** One session: an optional plain handshake, the session's bytes, then waiting for a close or an answer. */
  private static Outcome run(int port, long seed, Kind kind) throws IOException {
    byte[] bytes = FuzzSessions.bytes(kind, new Random(seed));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(ANSWER_MILLIS);
      InputStream in = socket.getInputStream();
      if (kind.handshake) {
        byte[] c0c1 = new byte[1 + 1536];
        c0c1[0] = 3;
        socket.getOutputStream().write(c0c1);
        new DataInputStream(in).readFully(new byte[1 + 2 * 1536]); // S0 S1 S2
        socket.getOutputStream().write(new byte[1536]); // C2
      }
      try {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
      } catch (IOException closedWhileSending) {
        return new Outcome(seed, kind, true, 0);
      }
      long received = 0;
      byte[] buffer = new byte[8192];
      long deadline = System.nanoTime() + Duration.ofMillis(ANSWER_MILLIS).toNanos();
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          received += n;
          if (System.nanoTime() > deadline) {
            return new Outcome(seed, kind, false, received); // a session that plays is served without end
          }
        }
        return new Outcome(seed, kind, true, received);
      } catch (SocketTimeoutException stillOpen) {
        return new Outcome(seed, kind, false, received);
      } catch (IOException reset) {
        return new Outcome(seed, kind, true, received);
      }
    }
  }
}
