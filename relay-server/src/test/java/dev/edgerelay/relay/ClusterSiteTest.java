package dev.edgerelay.relay;

import dev.edgerelay.media.testing.LoopbackPorts;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.instance.impl.LifecycleServiceImpl;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.cluster.ClusterOptions;
import dev.edgerelay.relay.cluster.ClusterOwnership;
import dev.edgerelay.relay.cluster.NodeRecord;
import dev.edgerelay.relay.cluster.ownership.Candidate;
import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.cluster.ownership.Rendezvous;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Three clustered Vert.x instances on 127.0.0.1 with the loopback profile, real Hazelcast, each with a
 * {@link ClusterOwnership}: they agree on every channel's origin soon after the last join, and the survivors agree
 * again soon after a member leaves, gracefully or by a crash (its Hazelcast instance terminated). One site for the
 * whole class, changed test by test in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class ClusterSiteTest {
  private static final int KEYS = 500;
  private final String site = "test-" + UUID.randomUUID();
  /** A base port away from Hazelcast's 5701 so parallel builds on this machine do not meet. */
  private final int basePort = 15_701 + ThreadLocalRandom.current().nextInt(400) * 10;
  private final Map<String, Member> members = new HashMap<>();

  private record Member(ClusteredStart.Joined joined, ClusterOwnership ownership) {
  }

  private ClusterOptions options() {
    return new ClusterOptions().setEnabled(true).setName(site).setConfig("loopback").setPort(basePort)
        .setHeartbeatTimeoutMs(3_000).setJoinGraceMs(0);
  }

  private Member start(String name) throws IOException {
    ClusteredStart.Joined joined = Await.result(ClusteredStart.join(options(), name, 2).toCompletionStage());
    ClusterOwnership ownership = Await.result(ClusterOwnership.start(joined.vertx(), joined.hazelcast(), options(),
        name, "hash", "test").toCompletionStage());
    // a port nothing listens on: the takeover guard's health probe is refused, as for a dead node
    ownership.advertise(new NodeAddress("127.0.0.1", unusedPort(), unusedPort()), true);
    Member member = new Member(joined, ownership);
    members.put(name, member);
    return member;
  }

  private static int unusedPort() throws IOException {
    return LoopbackPorts.one();
  }

  @BeforeAll
  void startThreeNodes() throws IOException {
    start("node-a");
    start("node-b");
  }

  @AfterAll
  void closeAll() {
    for (Member m : members.values()) {
      try {
        Await.result(m.ownership().close().eventually(() -> m.joined().vertx().close()).toCompletionStage(),
            Duration.ofSeconds(20));
      } catch (RuntimeException | AssertionError e) {
        // a terminated member's Vert.x may fail to leave: it already left
      }
    }
  }

  @Test
  @Order(1)
  void threeNodesShouldAgreeOnEveryOriginWithinASecondOfTheLastJoin() throws IOException {
    start("node-c");
    long joinedAt = System.nanoTime();

    Eventually.until("three nodes agreeing on " + KEYS + " origins", Duration.ofSeconds(1),
        () -> agreed(List.of("node-a", "node-b", "node-c")));
    long millis = (System.nanoTime() - joinedAt) / 1_000_000;

    System.out.println("cluster: 3 nodes agreed on " + KEYS + " origins " + millis + " ms after the last join");
    Map<String, Integer> share = new HashMap<>();
    for (StreamKey key : keys()) {
      share.merge(members.get("node-a").ownership().originOf(key).node(), 1, Integer::sum);
    }
    assertThat(share).containsOnlyKeys("node-a", "node-b", "node-c");
    assertThat(members.get("node-a").ownership().members()).isEqualTo(3);
  }

  @Test
  @Order(2)
  void aClaimShouldKeepTheChannelWithItsClaimantOnEveryNodeAndTellListenersOnTheirContext() {
    StreamKey key = keys().stream().filter(k -> !members.get("node-c").ownership().originOf(k).local()).findFirst()
        .orElseThrow();
    Context listening = members.get("node-a").joined().vertx().getOrCreateContext();
    List<Context> calledOn = new CopyOnWriteArrayList<>();
    Await.result(Future.<Void>future(registered -> listening.runOnContext(v -> {
      members.get("node-a").ownership().onChange(() -> calledOn.add(Vertx.currentContext()));
      registered.complete();
    })).toCompletionStage());

    members.get("node-c").ownership().claim(key, OriginKind.LAN_PUBLISH);

    Eventually.until("every node naming node-c the origin of a channel it claims", Duration.ofSeconds(5),
        () -> members.values().stream().allMatch(m -> m.ownership().originOf(key).node().equals("node-c")));
    assertThat(members.get("node-a").ownership().site().claims()).containsKey(key.rtmpName());
    // never on a Hazelcast thread: on the context that registered the listener
    Eventually.until("node-a's listener told of the claim", Duration.ofSeconds(5), () -> !calledOn.isEmpty());
    assertThat(calledOn).allMatch(c -> c == listening);
    members.get("node-c").ownership().release(key);
    Eventually.until("the claim gone everywhere", Duration.ofSeconds(5),
        () -> members.values().stream().noneMatch(m -> m.ownership().site().claims().containsKey(key.rtmpName())));
  }

  /**
   * A write waiting for a partition owner that does not answer (its partition thread held busy here, as a frozen
   * member's would be) holds back neither the node's re-reads nor its view: node-a sees node-b's claim while the
   * write of its own claim still waits, and that write lands once the owner answers.
   */
  @Test
  @Order(3)
  void aWriteWaitingForAStalledPartitionOwnerShouldNotHoldBackTheView() throws Exception {
    HazelcastInstance c = members.get("node-c").joined().hazelcast();
    HazelcastInstance b = members.get("node-b").joined().hazelcast();
    StreamKey stalled = keys().stream().filter(k -> ownedBy(c, k.rtmpName())).findFirst().orElseThrow();
    StreamKey elsewhere = keys().stream().filter(k -> ownedBy(b, k.rtmpName())).findFirst().orElseThrow();
    int partition = c.getPartitionService().getPartition(stalled.rtmpName()).getPartitionId();
    String holdKey = IntStream.range(0, 100_000).mapToObj(i -> "hold-" + i)
        .filter(k -> c.getPartitionService().getPartition(k).getPartitionId() == partition).findFirst().orElseThrow();
    IMap<String, String> holding = c.getMap("test.hold-" + UUID.randomUUID());
    HoldPartition.reset();
    holding.submitToKey(holdKey, new HoldPartition());
    try {
      assertThat(HoldPartition.entered.await(5, TimeUnit.SECONDS)).as("node-c's partition thread held").isTrue();
      members.get("node-a").ownership().claim(stalled, OriginKind.LAN_PUBLISH);
      members.get("node-b").ownership().claim(elsewhere, OriginKind.LAN_PUBLISH);

      Eventually.until("node-a seeing node-b's claim while its own claim's write waits", Duration.ofSeconds(5),
          () -> members.get("node-a").ownership().site().claims().containsKey(elsewhere.rtmpName()));
      ReplicatedMap<String, String> streams = c.getReplicatedMap("edge.streams");
      assertThat(streams.containsKey(stalled.rtmpName())).as("node-a's claim still waiting for node-c").isFalse();
    } finally {
      HoldPartition.release.countDown();
    }
    Eventually.until("node-a's claim on every node once node-c answers", Duration.ofSeconds(5),
        () -> members.values().stream().allMatch(m -> m.ownership().originOf(stalled).node().equals("node-a")));
    members.get("node-a").ownership().release(stalled);
    members.get("node-b").ownership().release(elsewhere);
    Eventually.until("both claims gone everywhere", Duration.ofSeconds(5), () -> members.values().stream()
        .noneMatch(m -> m.ownership().site().claims().keySet().stream()
            .anyMatch(k -> k.equals(stalled.rtmpName()) || k.equals(elsewhere.rtmpName()))));
  }

  private static boolean ownedBy(HazelcastInstance member, String key) {
    return member.getCluster().getLocalMember().equals(member.getPartitionService().getPartition(key).getOwner());
  }

  /** Holds the partition thread it runs on until released: a member that takes no operation of that partition. */
  static final class HoldPartition implements EntryProcessor<String, String, Object> {
    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    static void reset() {
      entered = new CountDownLatch(1);
      release = new CountDownLatch(1);
    }

    @Override
    public Object process(Map.Entry<String, String> entry) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }

    @Override
    public EntryProcessor<String, String, Object> getBackupProcessor() {
      return null;
    }
  }

  @Test
  @Order(4)
  void aSecondNodeWithTheSameNameShouldBeRefusedAndLeave() {
    Throwable refused = Await.failure(ClusteredStart.join(options(), "node-b", 2).toCompletionStage());

    assertThat(refused).isInstanceOf(ClusteredStart.DuplicateNameException.class)
        .hasMessageContaining("already runs as node 'node-b'").hasMessageContaining("--node-name");
    Eventually.until("the namesake gone from the site", Duration.ofSeconds(5),
        () -> members.get("node-a").joined().hazelcast().getCluster().getMembers().size() == 3);
  }

  @Test
  @Order(5)
  void aGracefulLeaveShouldConvergeTheSurvivorsWithinASecond() {
    Member leaving = members.remove("node-c");
    Await.result(leaving.ownership().close().toCompletionStage());
    long leftAt = System.nanoTime();
    Await.result(leaving.joined().vertx().close().toCompletionStage());

    Eventually.until("two survivors agreeing without node-c", Duration.ofSeconds(1),
        () -> agreed(List.of("node-a", "node-b")));
    System.out.println("cluster: survivors converged " + (System.nanoTime() - leftAt) / 1_000_000
        + " ms after a graceful leave");
  }

  @Test
  @Order(6)
  void aCrashShouldConvergeTheSurvivorsWithinThreeSeconds() throws IOException {
    start("node-c"); // the same name again: a restart
    Eventually.until("three nodes again", Duration.ofSeconds(5), () -> agreed(List.of("node-a", "node-b", "node-c")));
    Member crashing = members.remove("node-c");

    crashing.joined().hazelcast().getLifecycleService().terminate();
    long crashedAt = System.nanoTime();

    Eventually.until("two survivors agreeing without node-c", Duration.ofSeconds(3),
        () -> agreed(List.of("node-a", "node-b")));
    System.out.println("cluster: survivors converged " + (System.nanoTime() - crashedAt) / 1_000_000
        + " ms after a crash");
    assertThat(members.get("node-a").ownership().site().takeoversConfirmed()).isGreaterThanOrEqualTo(1);
    crashing.joined().vertx().close();
  }

  /**
   * A member that merges back into the site after a pause (Hazelcast's MERGING then MERGED, fired here on node-a's
   * lifecycle as its split-brain handler does): the merge kept the site's copy, in which this node is down and
   * its claim is gone, and meanwhile another node took the channel and runs it too. The node writes its record
   * again, the two runners settle on one origin that every node names, and the winner's claim is back in the map.
   */
  @Test
  @Order(6)
  void aNodeThatMergesBackShouldRepublishItselfAndTwoRunnersOfAChannelSettleOnOne() {
    Member a = members.get("node-a");
    Member b = members.get("node-b");
    // node-a, the node that merges back, is the rendezvous owner among the two runners: it must claim again
    List<Candidate> runners = List.of(new Candidate("node-a", 1), new Candidate("node-b", 1));
    StreamKey key = keys().stream().filter(k -> Rendezvous.owner(k.rtmpName(), runners).equals("node-a"))
        .findFirst().orElseThrow();
    a.ownership().claim(key, OriginKind.PULL);
    Eventually.until("node-a's claim seen by node-b", Duration.ofSeconds(5),
        () -> b.ownership().originOf(key).node().equals("node-a"));
    b.ownership().claim(key, OriginKind.PULL); // node-b took it while node-a was paused: both pull

    Eventually.until("both nodes naming one origin for the channel both run", Duration.ofSeconds(10),
        () -> a.ownership().originOf(key).node().equals(b.ownership().originOf(key).node()));
    String winner = a.ownership().originOf(key).node();
    Member kept = members.get(winner);

    LifecycleServiceImpl lifecycle = (LifecycleServiceImpl) ((HazelcastInstanceProxy) kept.joined().hazelcast())
        .getOriginal().getLifecycleService();
    lifecycle.fireLifecycleEvent(LifecycleEvent.LifecycleState.MERGING);
    ReplicatedMap<String, String> nodes = kept.joined().hazelcast().getReplicatedMap("edge.nodes");
    ReplicatedMap<String, String> streams = kept.joined().hazelcast().getReplicatedMap("edge.streams");
    nodes.put(winner, NodeRecord.decode(nodes.get(winner)).down(System.currentTimeMillis()).encode());
    streams.remove(key.rtmpName());
    lifecycle.fireLifecycleEvent(LifecycleEvent.LifecycleState.MERGED);

    Eventually.until(winner + "'s record written again, not down", Duration.ofSeconds(10),
        () -> NodeRecord.decode(nodes.get(winner)).downSince() == 0);
    Eventually.until(winner + "'s claim back in the shared map", Duration.ofSeconds(10),
        () -> streams.get(key.rtmpName()) != null && streams.get(key.rtmpName()).contains("\"" + winner + "\""));
    Eventually.until("both nodes naming " + winner, Duration.ofSeconds(10), () -> members.values().stream()
        .allMatch(m -> m.ownership().originOf(key).node().equals(winner)));
    a.ownership().release(key);
    b.ownership().release(key);
  }

  /** Every named member sees exactly them and names the same origin, one of them, for every key. */
  private boolean agreed(List<String> names) {
    for (String name : names) {
      if (members.get(name).ownership().members() != names.size()) {
        return false;
      }
    }
    // agreement over the whole ready set: a view where a newcomer is a member but not ready yet is agreed on too,
    // and would give it nothing; with hundreds of keys every ready member owns some
    Set<String> owners = new HashSet<>();
    for (StreamKey key : keys()) {
      String first = null;
      for (String name : names) {
        String origin = members.get(name).ownership().originOf(key).node();
        if (!names.contains(origin) || (first != null && !first.equals(origin))) {
          return false;
        }
        first = origin;
      }
      owners.add(first);
    }
    return owners.containsAll(names);
  }

  private static List<StreamKey> keys() {
    List<StreamKey> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      keys.add(new StreamKey("dev" + (1000 + i / 4), i % 4));
    }
    return keys;
  }
}
