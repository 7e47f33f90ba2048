package dev.edgerelay.relay.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planned recording handoffs across node JVMs (docs/architecture.md, "Cluster: recording", make before break):
 * three node JVMs on 127.0.0.1 clustered with the loopback profile, the emulator with 12 loop cameras (GOP 2 s),
 * the first channel of every camera recorded. First a node killed with kill -9 comes back (a non-master, then
 * Hazelcast's master): the survivors hand its channels back make-before-break. Then a node is drained
 * ({@code POST /edge/cluster/drain?node=} on a peer) and stopped with SIGTERM: it exits on its own, leaves the site,
 * and the survivors record everything. Last, after that node's return, a node gets SIGTERM alone: it drains as it
 * stops, with the same bounds. For each channel that moved, the hole and the overlap in its recording
 * across nodes are read from the segment files on every node's disk, and must stay within {@link #HOLE_MAX_MS} and
 * {@link #OVERLAP_MAX_MS}; p50/p95/max are printed at the end.
 */
@Tag("interop")
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RecordingHandoffTest {
  static final int CAMERAS = 12;
  static final int NODES = 3;
  /** One GOP per recorded segment: holes and overlaps are read from segment times, so they should be fine-grained. */
  static final int RECORD_SEGMENT_MS = 2_000;
  static final long HEARTBEAT_TIMEOUT_MS = 3_000;
  /** The site's acceptance: a planned handoff leaves no hole over 0.5 s in a channel's recording. */
  static final long HOLE_MAX_MS = 500;
  /**
   * The site's acceptance: overlap at most one segment. A segment is cut at the first keyframe after
   * {@link #RECORD_SEGMENT_MS}, so one lasts up to a GOP (2 s) more, plus the commit's rename.
   */
  static final long OVERLAP_MAX_MS = 4_500;
  /** A SIGTERM drains (bounded by 10 s, EdgeRelayMain) then closes the node and leaves; 30 s bounds the whole hook. */
  static final Duration STOPS_WITHIN = Duration.ofSeconds(45);
  /** What a JVM returns when SIGTERM ended it after its shutdown hooks ran (128 + 15). */
  static final int SIGTERM_EXIT = 143;
  static final Duration SETTLE_WITHIN = SiteRecorders.SETTLE_WITHIN;

  @TempDir static Path root;
  static Site site;
  static SiteRecorders recording;
  static List<StreamKey> recorded;
  static final Timings holes = new Timings("hole per moved channel, planned handoffs (segment times on disk)");
  static final Timings overlaps = new Timings("overlap per moved channel, planned handoffs (segment times on disk)");
  static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    site = Site.start(vertx, root, CAMERAS, NODES, SiteRecorders.nodeArgs(RECORD_SEGMENT_MS, HEARTBEAT_TIMEOUT_MS));
    recording = new SiteRecorders(site);
    recorded = site.firstChannels();
    recording.recordAll(recorded);
  }

  @AfterAll
  static void stop() throws Exception {
    System.out.println("=== recording handoff: " + NODES + " node JVMs on 127.0.0.1, " + CAMERAS
        + " recorded channels (GOP 2 s, " + RECORD_SEGMENT_MS + " ms segments), loopback profile ===");
    report.forEach(System.out::println);
    System.out.println(holes.line());
    System.out.println(overlaps.line());
    System.out.println("=== end ===");
    if (site != null) {
      site.close();
    }
  }

  @Test
  @Order(1)
  void shouldHandARestartedNodesChannelsBackWithoutAHole() throws Exception {
    for (boolean killMaster : new boolean[] {false, true}) {
      SiteNode master = Eventually.value("the nodes agreeing on the master", SETTLE_WITHIN, site::master,
          m -> m != null);
      SiteNode victim = busiestWriting("before the kill", n -> killMaster == (n == master));
      List<StreamKey> lost = heldBy(recording.awaitOneEach(recorded, "before the kill"), victim);
      String what = "return of " + victim.name + (killMaster ? " (the master)" : "") + " after kill -9";
      assertThat(lost).as("channels recorded on " + victim.name + " before its kill").isNotEmpty();
      long killedAt = System.currentTimeMillis();
      victim.kill();
      recording.awaitOneEach(recorded, "after the kill of " + victim.name);
      Eventually.until("a finished segment on a survivor since the kill for each of " + lost, SETTLE_WITHIN,
          () -> lost.stream().allMatch(k -> segments(k).finishedElsewhereSince(victim.name, killedAt)));

      long restartAt = System.currentTimeMillis();
      site.restart(victim);
      site.awaitMembers(site.nodes, NODES);
      Eventually.until(victim.name + " recording again, every channel once", SETTLE_WITHIN, () -> {
        Map<StreamKey, List<String>> now = recording.recorders(recorded);
        return SiteRecorders.oneEach(now, recorded) && now.values().stream().anyMatch(n -> n.contains(victim.name));
      });
      Map<StreamKey, String> holders = recording.awaitOneEach(recorded, "after " + victim.name + " came back");
      List<StreamKey> back = heldBy(holders, victim);
      assertThat(back).as("channels " + victim.name + " records again after its return (the rendezvous is the same)")
          .containsExactlyInAnyOrderElementsOf(lost);
      awaitHandedOver(holders, back, restartAt);
      measure(what, back, restartAt);
    }
  }

  @Test
  @Order(2)
  void shouldDrainANodeWithoutAHoleThenStopItCleanlyOnSigterm() throws Exception {
    SiteNode drained = busiestWriting("before the drain", n -> true);
    List<StreamKey> moved = heldBy(recording.awaitOneEach(recorded, "before the drain"), drained);
    List<SiteNode> survivors = site.others(drained);

    long drainAt = System.currentTimeMillis();
    JsonObject answer = site.probe.post(survivors.get(0), "/edge/cluster/drain?node=" + drained.name);
    assertThat(answer).as("drain of " + drained.name + " asked on " + survivors.get(0).name).isNotNull();
    assertThat(answer.getInteger("errno")).as("drain of " + drained.name + ": " + answer).isZero();
    Map<StreamKey, String> after = recording.awaitOneEach(recorded, "after the drain of " + drained.name);
    assertThat(after.values()).as("recorders after the drain of " + drained.name).doesNotContain(drained.name);
    awaitHandedOver(after, moved, drainAt);
    measure("drain of " + drained.name, moved, drainAt);

    long stopAt = System.currentTimeMillis();
    stopsCleanly(drained, "after its drain");
    List<String> holed = new ArrayList<>();
    for (StreamKey k : recorded) {
      long hole = segments(k).largestHoleSince(drainAt);
      if (hole > HOLE_MAX_MS) {
        holed.add(k + ": " + hole + " ms");
      }
    }
    assertThat(holed).as("channels with a hole over " + HOLE_MAX_MS + " ms from the drain to after the stop at "
        + stopAt).isEmpty();
  }

  @Test
  @Order(3)
  void shouldHandOffOnSigtermAloneThenStopCleanly() throws Exception {
    SiteNode stopped = site.nodes.stream().filter(n -> !n.alive()).findFirst().orElseThrow();
    site.restart(stopped);
    site.awaitMembers(site.nodes, NODES);
    SiteNode stopping = busiestWriting("before the SIGTERM", n -> true);
    List<StreamKey> moved = heldBy(recording.awaitOneEach(recorded, "before the SIGTERM"), stopping);

    long stopAt = System.currentTimeMillis();
    Map<StreamKey, String> holders = stopsCleanly(stopping, "without a drain asked first");
    awaitHandedOver(holders, moved, stopAt);
    measure("SIGTERM of " + stopping.name + " (it drains as it stops)", moved, stopAt);
  }

  /**
   * SIGTERM to {@code node}: it exits on its own within {@link #STOPS_WITHIN} with the JVM's SIGTERM status and no
   * unclean stop, the others count one member less, and record every channel once, each with a finished segment
   * since. Returns channel to recorder then.
   */
  static Map<StreamKey, String> stopsCleanly(SiteNode node, String how) throws InterruptedException {
    long stopAt = System.currentTimeMillis();
    OptionalInt exit = node.terminate(STOPS_WITHIN);
    report.add("SIGTERM of " + node.name + " " + how + ": " + (exit.isPresent() ? "exit code " + exit.getAsInt()
        + " after " + (System.currentTimeMillis() - stopAt) + " ms" : "still running after "
        + STOPS_WITHIN.toSeconds() + " s"));
    assertThat(exit).as(node.name + " exiting on its own after SIGTERM").isPresent();
    assertThat(exit.getAsInt()).as(node.name + "'s exit code after SIGTERM").isEqualTo(SIGTERM_EXIT);
    assertThat(node.stoppedUncleanly()).as(node.name + " reporting an unclean stop").isFalse();
    site.awaitMembers(site.others(node), NODES - 1);
    Map<StreamKey, String> holders = recording.awaitOneEach(recorded, "after " + node.name + " stopped");
    Eventually.until("a finished segment on a survivor since the stop of " + node.name + " for every channel",
        SETTLE_WITHIN, () -> recorded.stream().allMatch(k -> segments(k).finishedElsewhereSince(node.name, stopAt)));
    return holders;
  }

  /**
   * Hole and overlap of each channel in {@code moved} since {@code since}, within the bounds; every other recorded
   * channel neither recorded twice nor with a hole meanwhile.
   */
  static void measure(String what, List<StreamKey> moved, long since) {
    Timings hole = new Timings("hole per moved channel, " + what);
    Timings overlap = new Timings("overlap per moved channel, " + what);
    for (StreamKey k : moved) {
      RecordedSegments s = segments(k);
      for (Timings t : List.of(hole, holes)) {
        t.add(s.largestHoleSince(since));
      }
      for (Timings t : List.of(overlap, overlaps)) {
        t.add(s.overlapSince(since));
      }
    }
    report.add(hole.line());
    report.add(overlap.line());
    assertThat(hole.max()).as(hole.what + " max").isLessThanOrEqualTo(HOLE_MAX_MS);
    assertThat(overlap.max()).as(overlap.what + " max").isLessThanOrEqualTo(OVERLAP_MAX_MS);
    // a node that records a channel it does not own (before the site agreed it does) shows as a stray overlap
    List<String> stray = new ArrayList<>();
    for (StreamKey k : recorded.stream().filter(k -> !moved.contains(k)).toList()) {
      RecordedSegments s = segments(k);
      if (s.overlapSince(since) > 0 || s.largestHoleSince(since) > HOLE_MAX_MS) {
        stray.add(k + ": overlap " + s.overlapSince(since) + " ms, hole " + s.largestHoleSince(since) + " ms");
      }
    }
    assertThat(stray).as("channels that did not move, recorded twice or with a hole since the " + what).isEmpty();
  }

  /**
   * Waits until each of {@code moved} has a finished segment since {@code since} on its holder in {@code holders} and
   * no other node writes it any more: both ends of the handoff are on disk.
   */
  static void awaitHandedOver(Map<StreamKey, String> holders, List<StreamKey> moved, long since) {
    Eventually.until("each of " + moved + " finished on its new holder and closed elsewhere", SETTLE_WITHIN,
        () -> moved.stream().allMatch(k -> {
          RecordedSegments s = segments(k);
          return s.finishedSince(holders.get(k), since)
              && s.segments().stream().noneMatch(x -> x.part() && !x.node().equals(holders.get(k)));
        }));
  }

  /**
   * Once each recorded channel has one recorder ({@code when}), the node among {@code among} recording the most of
   * them, when it is writing a segment of each: a handoff from it then cuts open segments.
   */
  static SiteNode busiestWriting(String when, Predicate<SiteNode> among) throws InterruptedException {
    Map<StreamKey, String> recorders = recording.awaitOneEach(recorded, when);
    SiteNode node = site.nodes.stream().filter(among)
        .max(Comparator.comparingInt(n -> heldBy(recorders, n).size())).orElseThrow();
    List<StreamKey> held = heldBy(recorders, node);
    Eventually.until("a segment being written on " + node.name + " for each of " + held, SETTLE_WITHIN,
        () -> held.stream().allMatch(k -> segments(k).writing(node.name)));
    return node;
  }

  static List<StreamKey> heldBy(Map<StreamKey, String> recorders, SiteNode node) {
    return recorders.entrySet().stream().filter(e -> e.getValue().equals(node.name)).map(Map.Entry::getKey).toList();
  }

  static RecordedSegments segments(StreamKey key) {
    return RecordedSegments.of(site.nodes, key);
  }
}
