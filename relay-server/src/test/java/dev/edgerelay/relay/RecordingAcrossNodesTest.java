package dev.edgerelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.state.RecordingIntents;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.cluster.ClusterOptions;
import dev.edgerelay.relay.cluster.ClusterOwnership;
import dev.edgerelay.relay.cluster.RecordingIntent;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.SimOptions;
import dev.edgerelay.sim.server.PlatformSim;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording on a site of three clustered nodes in one JVM (real Hazelcast on the loopback profile, one emulator for
 * all, its cameras recorded for real): intents written on one node reach every node and its disk, exactly one node
 * records each channel, a crashed node's channels are recorded by the survivors within seconds, a drain moves a
 * node's channels away, and a restarted node resumes from its disk with the site's newer choices. The gaps are
 * measured from the segment files on disk. One site for the whole class, changed test by test in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class RecordingAcrossNodesTest {
  private static final int CHANNELS = 6;
  private static final Duration WAIT = Duration.ofSeconds(40);
  private Path dir;
  private final String site = "rec-" + UUID.randomUUID();
  private final int basePort = 21_701 + ThreadLocalRandom.current().nextInt(200) * 10;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private Vertx simVertx;
  private PlatformSim sim;
  private List<ChannelRef> channels;

  private record Node(String name, ClusteredStart.Joined joined, ClusterOwnership ownership, EdgeNode node,
      WebClient http) {
    JsonObject get(String pathAndQuery) {
      return Await.result(http.get(node.httpPort(), "127.0.0.1", pathAndQuery).putHeader("api-key",
          node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject();
    }

    JsonObject post(String pathAndQuery) {
      return Await.result(http.post(node.httpPort(), "127.0.0.1", pathAndQuery).putHeader("api-key",
          node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject();
    }

    void close() {
      Await.result(node.close().eventually(ownership::close).eventually(() -> joined.vertx().close())
          .toCompletionStage(), Duration.ofSeconds(30));
    }
  }

  private Node start(String name) throws Exception {
    int port = TestNode.freePortPair();
    NodeOptions options = new NodeOptions().setHttpPort(port).setRtmpPort(port + 1).setBindHost("127.0.0.1")
        .setDataDir(dir.resolve(name).toString()).setPlatformUrl(sim.baseUrl());
    options.hub().setIdleTimeoutMillis(2000);
    options.recorder().setSegmentMs(2000).setMinFreeMb(0);
    options.setCluster(new ClusterOptions().setEnabled(true).setName(site).setConfig("loopback").setPort(basePort)
        .setHeartbeatTimeoutMs(3_000).setJoinGraceMs(0).setNodeName(name));
    ClusteredStart.Joined joined = Await.result(ClusteredStart.join(options.cluster(), name,
        options.eventLoopThreads()).toCompletionStage());
    ClusterOwnership ownership = Await.result(ClusterOwnership.start(joined.vertx(), joined.hazelcast(),
        options.cluster(), name, ConfigHash.of(options), "test").toCompletionStage());
    EdgeNode node = Await.result(EdgeNode.start(joined.vertx(), options, ownership).toCompletionStage(),
        Duration.ofSeconds(60));
    Node started = new Node(name, joined, ownership, node, WebClient.create(joined.vertx()));
    nodes.put(name, started);
    return started;
  }

  @BeforeAll
  void startSite(@TempDir Path dir) throws Exception {
    this.dir = dir;
    simVertx = Vertx.vertx();
    NodeOptions defaults = new NodeOptions();
    sim = Await.result(PlatformSim.start(simVertx, new SimOptions().setHttpPort(0).setRtmpPort(0).setCameras(CHANNELS)
        .setCameraMode(CameraMode.LOOP).setMasterKey(defaults.platform().apiKey())
        .setProductId(defaults.platform().productId())).toCompletionStage());
    start("rec-a");
    start("rec-b");
    start("rec-c");
    channels = new ArrayList<>();
    for (ServedDevice d : nodes.get("rec-a").node().directory().devices()) {
      d.channels().forEach(c -> channels.add(new ChannelRef(d.id(), c.channelId())));
    }
    channels = channels.subList(0, Math.min(CHANNELS, channels.size()));
    Eventually.until("three ready members", WAIT, () -> nodes.values().stream()
        .allMatch(n -> n.ownership().site().records().values().stream().filter(r -> r.takesChannels()).count() == 3));
  }

  @AfterAll
  void closeAll() {
    for (Node n : nodes.values()) {
      try {
        n.close();
      } catch (RuntimeException | AssertionError e) {
        // a crashed member's Vert.x may fail to leave: it already left
      }
    }
    if (sim != null) {
      Await.result(sim.close().eventually(simVertx::close).toCompletionStage());
    }
  }

  @Test
  @Order(1)
  void intentsWrittenOnOneNodeShouldReachEveryNodeAndItsDiskAndGiveExactlyOneRecorderPerChannel() {
    Node a = nodes.get("rec-a");
    for (ChannelRef c : channels) {
      assertThat(a.get("/ipc/video/record/record_video?device_id=" + c.deviceId() + "&channel_id=" + c.channelId()
          + "&action=1").getInteger("errno")).isZero();
    }

    for (Node n : nodes.values()) {
      Eventually.until(n.name() + " seeing every intent on", WAIT, () -> channels.stream()
          .allMatch(c -> n.ownership().recorded(key(c))));
      Eventually.until(n.name() + " mirroring every intent on its disk", WAIT, () -> n.node().recorder().storage()
          .state().intents().channels().containsAll(channels));
    }
    Eventually.until("exactly one recorder per channel, on its origin", WAIT, this::exactlyOneRecorderOnTheOrigin);
    Eventually.until("a committed segment of every channel", WAIT, () -> channels.stream()
        .allMatch(c -> !segments(c).isEmpty()));
    Map<String, Integer> share = new HashMap<>();
    nodes.values().forEach(n -> share.put(n.name(), n.node().recorder().recordingHere().size()));
    System.out.println("recording across nodes: " + channels.size() + " channels recorded as " + share);
  }

  @Test
  @Order(2)
  void aCrashedNodesRecordedChannelsShouldBeRecordedBySurvivorsWithinSeconds() throws Exception {
    Eventually.until("no handoff under way", WAIT, this::exactlyOneRecorderOnTheOrigin);
    long steadyFrom = System.currentTimeMillis();
    Node victim = nodes.values().stream().max(Comparator.comparingInt(n -> n.node().recorder().recordingHere().size()))
        .orElseThrow();
    List<ChannelRef> moved = victim.node().recorder().recordingHere().stream().toList();
    assertThat(moved).isNotEmpty();
    Eventually.until("a new segment of each channel of " + victim.name(), WAIT,
        () -> moved.stream().allMatch(c -> segments(c).stream().anyMatch(s -> s.start() > steadyFrom)));
    long crashAt = System.currentTimeMillis();

    victim.joined().hazelcast().getLifecycleService().terminate(); // its peers see the sockets reset, as for kill -9
    Await.result(victim.node().close().toCompletionStage(), Duration.ofSeconds(30)); // its recorders stop with it
    nodes.remove(victim.name());
    victim.joined().vertx().close();

    Eventually.until("the survivors recording every channel exactly once", WAIT, this::exactlyOneRecorderOnTheOrigin);
    Eventually.until("a survivor's segment of every moved channel after the crash", WAIT,
        () -> moved.stream().allMatch(c -> segments(c).stream().anyMatch(s -> s.start() > crashAt
            && !s.node().equals(victim.name()))));
    List<Long> gaps = new ArrayList<>();
    for (ChannelRef c : moved) { // what the victim wrote after the crash instant counts as lost, as after kill -9
      gaps.add(largestHole(segments(c).stream().filter(s -> !s.node().equals(victim.name()) || s.start() < crashAt)
          .map(s -> s.node().equals(victim.name()) ? new Segment(s.node(), s.start(), Math.min(s.end(), crashAt)) : s)
          .toList(), crashAt));
    }
    System.out.println("recording gap after a crash, " + gaps.size() + " channels: " + figures(gaps));
    assertThat(gaps).allMatch(g -> g <= 10_000, "no channel unrecorded for more than 10 s");
    this.crashed = victim.name();
  }

  private String crashed;

  @Test
  @Order(3)
  void aDrainedNodesChannelsShouldMoveToTheOtherAndComeBackWhenUndrained() throws Exception {
    Eventually.until("no handoff under way", WAIT, this::exactlyOneRecorderOnTheOrigin);
    long steadyFrom = System.currentTimeMillis();
    List<Node> live = new ArrayList<>(nodes.values());
    Node stays = live.get(0);
    Node drained = live.get(1);
    List<ChannelRef> moved = drained.node().recorder().recordingHere().stream().toList();
    assertThat(moved).isNotEmpty();
    Eventually.until("a new segment of each channel of " + drained.name(), WAIT,
        () -> moved.stream().allMatch(c -> segments(c).stream().anyMatch(s -> s.start() > steadyFrom)));
    long drainAt = System.currentTimeMillis();

    assertThat(stays.post("/edge/cluster/drain?node=" + drained.name()).getInteger("errno")).isZero();

    Eventually.until(drained.name() + " recording nothing", WAIT,
        () -> drained.node().recorder().recordingHere().isEmpty());
    Eventually.until(stays.name() + " recording every channel", WAIT,
        () -> stays.node().recorder().recordingHere().containsAll(channels));
    Eventually.until("a segment of every moved channel by " + stays.name() + " after the drain", WAIT,
        () -> moved.stream().allMatch(c -> segments(c).stream().anyMatch(s -> s.start() > drainAt
            && s.node().equals(stays.name()))));
    Eventually.until("the drained node's last segments on disk", WAIT,
        () -> moved.stream().noneMatch(c -> openSegment(drained, c)));
    List<Long> gaps = new ArrayList<>();
    List<Long> overlaps = new ArrayList<>();
    for (ChannelRef c : moved) {
      gaps.add(largestHole(segments(c), drainAt));
      overlaps.add(overlap(segments(c), drainAt));
    }
    System.out.println("recording at a drain, " + gaps.size() + " channels: gap " + figures(gaps) + "; overlap "
        + figures(overlaps));
    assertThat(gaps).allMatch(g -> g <= 500, "make before break: no hole over 0.5 s");
    // at most one segment: a segment is cut at the first keyframe after 2 s, so it lasts up to a GOP more
    assertThat(overlaps).allMatch(o -> o <= 4_500, "overlap at most one segment");

    long undrainAt = System.currentTimeMillis();
    assertThat(stays.post("/edge/cluster/undrain?node=" + drained.name()).getInteger("errno")).isZero();
    Eventually.until(drained.name() + " recording its channels again", WAIT,
        () -> !drained.node().recorder().recordingHere().isEmpty() && exactlyOneRecorderOnTheOrigin());
    List<ChannelRef> back = drained.node().recorder().recordingHere().stream().toList();
    Eventually.until("the handed-back channels' last segments committed on " + stays.name(), WAIT,
        () -> back.stream().noneMatch(c -> openSegment(stays, c)) && back.stream().allMatch(c -> segments(c).stream()
            .anyMatch(s -> s.start() > undrainAt && s.node().equals(drained.name()))));
    List<Long> backGaps = new ArrayList<>();
    List<Long> backOverlaps = new ArrayList<>();
    for (ChannelRef c : back) {
      backGaps.add(largestHole(segments(c), undrainAt));
      backOverlaps.add(overlap(segments(c), undrainAt));
    }
    System.out.println("recording at an undrain, " + back.size() + " channels: gap " + figures(backGaps)
        + "; overlap " + figures(backOverlaps));
    assertThat(backGaps).allMatch(g -> g <= 500, "make before break: no hole over 0.5 s");
  }

  private boolean openSegment(Node node, ChannelRef c) {
    try (Stream<Path> files = Files.walk(dir.resolve(node.name()))) {
      return files.anyMatch(p -> p.toString().endsWith(".ts.part")
          && p.toString().contains("/" + c.deviceId() + "/" + c.channelId() + "/"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Order(4)
  void aRestartedNodeShouldResumeFromItsDiskWithTheSitesNewerChoices() throws Exception {
    Node a = nodes.values().iterator().next();
    ChannelRef off = channels.get(0);
    assertThat(a.get("/ipc/video/record/record_video?device_id=" + off.deviceId() + "&channel_id=" + off.channelId()
        + "&action=0").getInteger("errno")).isZero(); // while the crashed node is down: its disk says on

    Node back = start(crashed);

    Eventually.until(crashed + " recording its share again", WAIT, () -> !back.node().recorder().recordingHere().isEmpty()
        && exactlyOneRecorderOnTheOrigin());
    List<RecordingIntents.Intent> mirrored = back.node().recorder().storage().state().intents().all();
    assertThat(mirrored.stream().filter(i -> i.channel().equals(off)).findFirst().orElseThrow().on())
        .as("the site's newer 'off' wins over the restarted node's older 'on'").isFalse();
    assertThat(back.node().recorder().storage().state().intents().channels()).containsExactlyInAnyOrderElementsOf(
        channels.subList(1, channels.size()));
    assertThat(nodes.values().stream().noneMatch(n -> n.node().recorder().recordingHere().contains(off))).isTrue();
    RecordingIntent intent = back.ownership().intents().get(key(off).rtmpName());
    assertThat(intent.on()).isFalse();
    assertThat(intent.by()).isEqualTo(a.name());
  }

  @Test
  @Order(5)
  void aStoppingNodeShouldDrainItsRecordedChannelsToThePeersFirst() {
    Eventually.until("no handoff under way", WAIT, this::exactlyOneRecorderOnTheOrigin);
    Node stopping = nodes.values().stream().filter(n -> !n.node().recorder().recordingHere().isEmpty()).findFirst()
        .orElseThrow();
    List<ChannelRef> moved = stopping.node().recorder().recordingHere().stream().toList();
    long stopAt = System.currentTimeMillis();

    Await.result(stopping.node().drain(EdgeRelayMain.DRAIN_BOUND).toCompletionStage(), Duration.ofSeconds(20));

    assertThat(stopping.node().recorder().recordingHere()).as("handed off within the bound").isEmpty();
    stopping.close();
    nodes.remove(stopping.name());
    Eventually.until("the peers recording every channel once", WAIT, this::exactlyOneRecorderOnTheOrigin);
    Eventually.until("a peer's segment of every handed-off channel", WAIT, () -> moved.stream().allMatch(
        c -> segments(c).stream().anyMatch(s -> s.start() > stopAt && !s.node().equals(stopping.name()))));
    List<Long> gaps = new ArrayList<>();
    moved.forEach(c -> gaps.add(largestHole(segments(c), stopAt)));
    System.out.println("recording at a graceful stop, " + gaps.size() + " channels: gap " + figures(gaps));
    assertThat(gaps).allMatch(g -> g <= 500, "make before break: no hole over 0.5 s");
  }

  /** Every channel whose intent is on is recorded by exactly one live node, the one every node names its origin. */
  private boolean exactlyOneRecorderOnTheOrigin() {
    for (ChannelRef c : channels) {
      List<String> recording = nodes.values().stream()
          .filter(n -> n.node().recorder().recordingHere().contains(c)).map(Node::name).toList();
      boolean on = nodes.values().iterator().next().ownership().recorded(key(c));
      if (!on ? !recording.isEmpty() : recording.size() != 1 || nodes.values().stream()
          .anyMatch(n -> !n.ownership().originOf(key(c)).node().equals(recording.get(0)))) {
        return false;
      }
    }
    return true;
  }

  /** A committed segment on a node's disk, from its file name. */
  private record Segment(String node, long start, long end) {
  }

  /** Each committed segment of {@code c} on every node's disk, by start. */
  private List<Segment> segments(ChannelRef c) {
    List<Segment> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(p -> p.toString().endsWith(".ts") && p.getParent().getParent().getFileName().toString()
          .equals(String.valueOf(c.channelId())) && p.getParent().getParent().getParent().getFileName().toString()
          .equals(c.deviceId())).forEach(p -> {
            String[] name = p.getFileName().toString().replace(".ts", "").split("-");
            long start = Long.parseLong(name[0]);
            out.add(new Segment(dir.relativize(p).getName(0).toString(), start, start + Long.parseLong(name[1])));
          });
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    out.sort(Comparator.comparingLong(Segment::start));
    return out;
  }

  /** The longest stretch after {@code fromMillis} that no segment of any node covers, up to the last segment. */
  private static long largestHole(List<Segment> segments, long fromMillis) {
    long covered = Long.MIN_VALUE;
    long largest = 0;
    for (Segment s : segments) {
      if (covered != Long.MIN_VALUE && s.start() > covered && s.start() > fromMillis) {
        largest = Math.max(largest, s.start() - Math.max(covered, fromMillis));
      }
      covered = Math.max(covered, s.end());
    }
    return largest;
  }

  /** How long after {@code fromMillis} two segments (of two nodes) cover the same time. */
  private static long overlap(List<Segment> segments, long fromMillis) {
    long covered = Long.MIN_VALUE;
    long twice = 0;
    for (Segment s : segments) {
      if (s.start() >= fromMillis && covered > s.start()) {
        twice += Math.min(covered, s.end()) - s.start();
      }
      covered = Math.max(covered, s.end());
    }
    return twice;
  }

  private static String figures(List<Long> millis) {
    List<Long> sorted = millis.stream().sorted().toList();
    return "p50 " + sorted.get((sorted.size() - 1) / 2) + " ms, p95 " + sorted.get((int) Math.ceil(sorted.size() * 0.95)
        - 1) + " ms, max " + sorted.get(sorted.size() - 1) + " ms";
  }

  private static StreamKey key(ChannelRef c) {
    return new StreamKey(c.deviceId(), c.channelId());
  }
}
