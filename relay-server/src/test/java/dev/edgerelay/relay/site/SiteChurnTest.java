package dev.edgerelay.relay.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Churn (the site's acceptance: 10 random kill/restart cycles in 5 minutes end in the steady state): three node
 * JVMs on 127.0.0.1 clustered with the loopback profile, the emulator with 12 loop cameras (GOP 2 s), the first channel
 * of every camera recorded, and HLS viewers of a few channels on one node. {@link #CYCLES} times a random node is
 * killed with kill -9 after a random wait and started again after another, without waiting for the site to settle
 * in between. Then the site must settle: every node sees the others, the emulator counts exactly one upstream pull
 * per recorded channel, each recorded channel has exactly one recorder, and the nodes relay exactly the channels
 * their viewers watch from another node's origin: no relay is left without a viewer. The random sequence is
 * printed with its seed ({@code -Dsite.churnseed=N} replays it).
 */
@Tag("interop")
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SiteChurnTest {
  static final int CAMERAS = 12;
  static final int NODES = 3;
  static final int CYCLES = 10;
  /** The site's acceptance: the cycles fit in 5 minutes. */
  static final Duration CHURN_WITHIN = Duration.ofMinutes(5);
  /** How long a node runs before it is killed, at random: 2 to 10 s, so some die mid-handoff or mid-takeover. */
  static final int UP_MIN_MS = 2_000;
  static final int UP_SPREAD_MS = 8_000;
  /** How long a killed node stays down, at random: 1 to 6 s, shorter and longer than the takeover guard. */
  static final int DOWN_MIN_MS = 1_000;
  static final int DOWN_SPREAD_MS = 5_000;
  /** Channels watched over HLS on the watching node: relays are expected there for those only. */
  static final int WATCHED = 4;
  static final long HEARTBEAT_TIMEOUT_MS = 3_000;
  /** A relay nobody watches ends this long after its last reader left (the hub's idle time, spec 4.2). */
  static final long IDLE_TIMEOUT_MS = 5_000;
  /** How long the site may take to settle after the last restart. */
  static final Duration SETTLE_WITHIN = Duration.ofSeconds(60);
  static final Duration STEADY_FOR = Duration.ofSeconds(3);
  static final long SEED = Long.getLong("site.churnseed", System.nanoTime());

  @TempDir static Path root;
  static Vertx vertx;
  static Site site;
  static WebClient viewersHttp;
  static final List<HlsWatcher> watchers = new ArrayList<>();
  static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void start(Vertx injected) throws Exception {
    vertx = injected;
    site = Site.start(vertx, root, CAMERAS, NODES, SiteRecorders.nodeArgs(2_000, HEARTBEAT_TIMEOUT_MS,
        "--idle-timeout-ms", String.valueOf(IDLE_TIMEOUT_MS)));
    viewersHttp = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(16));
  }

  @AfterAll
  static void stop() throws Exception {
    watchers.forEach(HlsWatcher::stop);
    System.out.println("=== site churn: " + NODES + " node JVMs on 127.0.0.1, " + CAMERAS
        + " recorded channels (GOP 2 s), loopback profile, seed " + SEED + " ===");
    report.forEach(System.out::println);
    System.out.println("=== end ===");
    if (viewersHttp != null) {
      viewersHttp.close();
    }
    if (site != null) {
      site.close();
    }
  }

  @Test
  void shouldEndRandomKillsAndRestartsWithOnePullAndOneRecorderPerChannelAndNoIdleRelay() throws Exception {
    List<StreamKey> recorded = site.firstChannels();
    SiteRecorders recording = new SiteRecorders(site);
    recording.recordAll(recorded);
    recording.awaitOneEach(recorded, "after record_video");
    SiteNode watching = site.nodes.get(0);
    List<StreamKey> watched = recorded.subList(0, WATCHED);
    for (StreamKey k : watched) { // a play token names its channel
      String token = site.probe.playAddress(watching, k, 1).getString("accessToken");
      watchers.add(HlsWatcher.watch(vertx, viewersHttp, watching, k, token));
    }
    long watchFrom = System.currentTimeMillis();
    Eventually.until("media for every HLS viewer on " + watching.name, SETTLE_WITHIN,
        () -> watchers.stream().allMatch(w -> w.gotMediaSince(watchFrom)));

    Random random = new Random(SEED);
    long churnFrom = System.nanoTime();
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      Duration up = Duration.ofMillis(UP_MIN_MS + random.nextInt(UP_SPREAD_MS));
      SiteNode victim = site.nodes.get(random.nextInt(NODES));
      Duration down = Duration.ofMillis(DOWN_MIN_MS + random.nextInt(DOWN_SPREAD_MS));
      report.add("cycle " + cycle + ": up " + up.toMillis() + " ms, kill -9 " + victim.name + ", down "
          + down.toMillis() + " ms");
      // the random waits are the site's own run: every node stays up through them, checked all along
      Eventually.holds("every node up for " + up.toMillis() + " ms", up, Duration.ofMillis(250),
          SiteChurnTest::allAlive);
      victim.kill();
      Eventually.holds(victim.name + " down for " + down.toMillis() + " ms", down, Duration.ofMillis(250),
          () -> !victim.alive());
      site.restart(victim);
    }
    Duration churn = Duration.ofNanos(System.nanoTime() - churnFrom);
    report.add(CYCLES + " kill/restart cycles took " + churn.toSeconds() + " s");
    assertThat(churn).as(CYCLES + " cycles").isLessThanOrEqualTo(CHURN_WITHIN);

    long settleFrom = System.nanoTime();
    site.awaitMembers(site.nodes, NODES);
    Eventually.until("one pull and one recorder per recorded channel and relays only where watched", SETTLE_WITHIN,
        () -> steady(recording, recorded, watching, watched));
    report.add("steady " + Duration.ofNanos(System.nanoTime() - settleFrom).toMillis()
        + " ms after the last restart's ready line: " + recording.recorders(recorded).values().stream()
        .map(n -> n.get(0)).collect(Collectors.groupingBy(n -> n, Collectors.counting())) + " recorders, relays "
        + recording.relayed());
    Eventually.holds("the steady state for " + STEADY_FOR.toSeconds() + " s", STEADY_FOR, Duration.ofMillis(250),
        () -> steady(recording, recorded, watching, watched));
    assertThat(watchers).as("HLS viewers on " + watching.name + " getting media after the churn").allMatch(
        w -> w.gotMediaSince(System.currentTimeMillis() - 3 * STEADY_FOR.toMillis()));
  }

  /**
   * One upstream pull per recorded channel at the emulator, one recorder each (on its origin), and relays exactly
   * where viewers need them: on {@code watching}, for each of {@code watched} whose origin is another node; nowhere
   * else.
   */
  static boolean steady(SiteRecorders recording, List<StreamKey> recorded, SiteNode watching, List<StreamKey> watched) {
    Map<StreamKey, List<String>> recorders = recording.recorders(recorded);
    if (!site.onePullPerChannel(recorded) || !SiteRecorders.oneEach(recorders, recorded)) {
      return false;
    }
    List<String> relayed = recording.relayed();
    Set<String> needed = watched.stream().filter(k -> !recorders.get(k).contains(watching.name))
        .map(k -> watching.name + "/" + k.rtmpName()).collect(Collectors.toSet());
    return relayed != null && relayed.size() == needed.size() && needed.containsAll(relayed);
  }

  static boolean allAlive() {
    return site.nodes.stream().allMatch(SiteNode::alive);
  }
}
