package dev.edgerelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.cluster.ClusterOptions;
import dev.edgerelay.relay.cluster.ClusterOwnership;
import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
 * Two clustered nodes on 127.0.0.1 (real Hazelcast, loopback profile, each on its embedded emulator): the admin
 * routes show the site, its records and config digests, a channel both claim, and a node that left as down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class ClusterAdminTest {
  private Path dir;
  private final String site = "admin-" + UUID.randomUUID();
  private final int basePort = 19_701 + ThreadLocalRandom.current().nextInt(200) * 10;
  private Node a;
  private Node b;

  private record Node(ClusteredStart.Joined joined, ClusterOwnership ownership, EdgeNode node, WebClient http) {
    JsonObject get(String path) {
      return Await.result(http.get(node.httpPort(), "127.0.0.1", path).putHeader("api-key",
          node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject().getJsonObject("data");
    }

    void close() {
      Await.result(node.close().eventually(ownership::close).eventually(() -> joined.vertx().close())
          .toCompletionStage(), Duration.ofSeconds(30));
    }
  }

  private Node start(String name, int hlsWindow) throws Exception {
    int port = TestNode.freePortPair();
    NodeOptions options = new NodeOptions().setHttpPort(port).setRtmpPort(port + 1).setBindHost("127.0.0.1")
        .setDataDir(dir.resolve(name).toString());
    options.sim().setHttpPort(0).setRtmpPort(0).setCameras(1).setCameraMode(CameraMode.NONE);
    options.hls().setWindow(hlsWindow);
    options.setCluster(new ClusterOptions().setEnabled(true).setName(site).setConfig("loopback").setPort(basePort)
        .setHeartbeatTimeoutMs(3_000).setJoinGraceMs(0).setNodeName(name));
    ClusteredStart.Joined joined = Await.result(ClusteredStart.join(options.cluster(), name).toCompletionStage());
    ClusterOwnership ownership = Await.result(ClusterOwnership.start(joined.vertx(), joined.hazelcast(),
        options.cluster(), name, ConfigHash.of(options), "test").toCompletionStage());
    EdgeNode node = Await.result(EdgeNode.start(joined.vertx(), options, ownership).toCompletionStage());
    ownership.reportLoad(() -> ClusteredStart.load(node));
    return new Node(joined, ownership, node, WebClient.create(joined.vertx()));
  }

  @BeforeAll
  void startTwoNodes(@TempDir Path dir) throws Exception {
    this.dir = dir;
    a = start("admin-a", 6);
    b = start("admin-b", 7); // another live window: another config digest
  }

  @AfterAll
  void closeAll() {
    for (Node n : new Node[] {a, b}) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  @Order(1)
  void shouldListBothMembersWithTheirRecordsAndFlagTheOtherDigest() {
    JsonObject view = Eventually.value("both members ready in a's view", Duration.ofSeconds(10),
        () -> a.get("/edge/cluster"), v -> v.getJsonArray("members").size() == 2
            && v.getJsonArray("members").stream().allMatch(m -> ((JsonObject) m).getBoolean("ready", false)));

    JsonObject self = member(view.getJsonArray("members"), "admin-a");
    JsonObject other = member(view.getJsonArray("members"), "admin-b");
    assertThat(self.getBoolean("self")).isTrue();
    assertThat(self.getBoolean("config_differs")).isFalse();
    assertThat(other.getBoolean("config_differs")).isTrue();
    assertThat(other.getString("http")).isEqualTo("127.0.0.1:" + b.node().httpPort());
    assertThat(other.getString("state")).isEqualTo("up");
    assertThat(a.get("/edge/health").getInteger("members")).isEqualTo(2);
  }

  @Test
  @Order(2)
  void aChannelTwoLiveNodesClaimShouldShowAsAConflict() {
    StreamKey key = new StreamKey("conflict", 0);
    a.ownership().claim(key, OriginKind.PULL);
    b.ownership().claim(key, OriginKind.PULL);

    JsonObject view = Eventually.value("the conflict in a's view", Duration.ofSeconds(10),
        () -> a.get("/edge/cluster"), v -> !v.getJsonArray("conflicts").isEmpty());
    JsonObject channels = a.get("/edge/cluster/channels");

    assertThat(view.getJsonArray("conflicts").getJsonObject(0).getString("channel")).isEqualTo("conflict-0");
    assertThat(view.getJsonArray("conflicts").getJsonObject(0).getJsonArray("nodes")).containsExactlyInAnyOrder(
        "admin-a", "admin-b");
    JsonObject channel = channels.getJsonArray("channels").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("channel").equals("conflict-0")).findFirst().orElseThrow();
    assertThat(channel.getString("hrw_owner")).isIn("admin-a", "admin-b");
    assertThat(channel.getString("origin")).isEqualTo("admin-a"); // its own claim, as a node sees itself
    assertThat(channel.getString("kind")).isEqualTo("pull");
    a.ownership().release(key);
    b.ownership().release(key);
  }

  @Test
  @Order(3)
  void aNodeThatLeftShouldBeListedDown() {
    Node leaving = b;
    b = null;
    leaving.close();

    JsonObject view = Eventually.value("admin-b down in a's view", Duration.ofSeconds(10),
        () -> a.get("/edge/cluster"), v -> v.getJsonArray("down").stream()
            .anyMatch(d -> ((JsonObject) d).getString("name").equals("admin-b")
                && ((JsonObject) d).getLong("down_since") > 0));

    assertThat(view.getJsonArray("members")).hasSize(1);
    assertThat(a.get("/edge/health").getInteger("members")).isEqualTo(1);
  }

  private static JsonObject member(JsonArray members, String name) {
    return members.stream().map(JsonObject.class::cast).filter(m -> m.getString("name").equals(name)).findFirst()
        .orElseThrow();
  }
}
