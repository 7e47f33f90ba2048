package dev.edgerelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.cluster.ClusterOptions;
import dev.edgerelay.relay.cluster.ClusterOwnership;
import dev.edgerelay.relay.cluster.Rebalance;
import dev.edgerelay.relay.cluster.RecordingIntent;
import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.hub.StreamKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Two clustered ownerships with {@code --cluster-rebalance manual} (real Hazelcast, loopback profile): recorded
 * channels claimed by the first node stay with it when the second joins, move by the rendezvous on a rebalance,
 * all leave a draining node and come back when it is undrained.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ClusterRebalanceTest {
  private static final int KEYS = 40;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final String site = "rebalance-" + UUID.randomUUID();
  private final int basePort = 23_701 + ThreadLocalRandom.current().nextInt(200) * 10;
  private final List<ClusteredStart.Joined> joined = new ArrayList<>();
  private final List<StreamKey> keys = new ArrayList<>();
  private ClusterOwnership a;
  private ClusterOwnership b;

  private ClusterOwnership start(String name) throws IOException {
    ClusterOptions options = new ClusterOptions().setEnabled(true).setName(site).setConfig("loopback")
        .setPort(basePort).setHeartbeatTimeoutMs(3_000).setJoinGraceMs(0).setRebalance(Rebalance.MANUAL);
    ClusteredStart.Joined j = Await.result(ClusteredStart.join(options, name, 2).toCompletionStage());
    joined.add(j);
    ClusterOwnership ownership = Await.result(ClusterOwnership.start(j.vertx(), j.hazelcast(), options, name, "hash",
        "test").toCompletionStage());
    try (ServerSocket one = new ServerSocket(0); ServerSocket two = new ServerSocket(0)) {
      ownership.advertise(new NodeAddress("127.0.0.1", one.getLocalPort(), two.getLocalPort()), true);
    }
    return ownership;
  }

  @BeforeAll
  void startFirstNodeRecordingEverything() throws IOException {
    a = start("reb-a");
    for (int i = 0; i < KEYS; i++) {
      StreamKey key = new StreamKey("dev" + i, 0);
      keys.add(key);
      Await.result(a.offerIntent(key.rtmpName(), new RecordingIntent(true, 1, "reb-a")).toCompletionStage());
      a.claim(key, OriginKind.PULL);
    }
  }

  @AfterAll
  void closeAll() {
    for (ClusterOwnership o : new ClusterOwnership[] {b, a}) {
      if (o != null) {
        Await.result(o.close().toCompletionStage(), Duration.ofSeconds(20));
      }
    }
    joined.forEach(j -> Await.result(j.vertx().close().toCompletionStage(), Duration.ofSeconds(20)));
  }

  @Test
  void aJoiningNodeShouldTakeRecordedChannelsOnlyOnARebalanceAndAllOfThemWhileItsPeerDrains() throws IOException {
    b = start("reb-b");
    Eventually.until("both ready and every intent seen by reb-b", WAIT, () -> b.site().records().values().stream()
        .filter(r -> r.takesChannels()).count() == 2 && keys.stream().allMatch(b::recorded)
        && a.site().records().values().stream().filter(r -> r.takesChannels()).count() == 2);
    assertThat(keys).as("manual: the newcomer takes nothing by itself").allMatch(k -> originOnBoth(k, "reb-a"));

    Await.result(b.rebalance().toCompletionStage());

    Eventually.until("both nodes following the rendezvous", WAIT, () -> keys.stream()
        .allMatch(k -> originOnBoth(k, a.site().hrwOwner(k.rtmpName()))));
    long moved = keys.stream().filter(k -> a.originOf(k).node().equals("reb-b")).count();
    assertThat(moved).isBetween(1L, (long) KEYS - 1);

    Await.result(a.setDraining(true).toCompletionStage());
    Eventually.until("every channel on reb-b while reb-a drains", WAIT,
        () -> keys.stream().allMatch(k -> originOnBoth(k, "reb-b")));
    assertThat(a.site().records().get("reb-a").draining()).isTrue();

    Await.result(a.setDraining(false).toCompletionStage());
    Eventually.until("reb-a's share back once undrained", WAIT,
        () -> keys.stream().filter(k -> originOnBoth(k, "reb-a")).count() == KEYS - moved);
  }

  private boolean originOnBoth(StreamKey key, String node) {
    return a.originOf(key).node().equals(node) && b.originOf(key).node().equals(node);
  }
}
