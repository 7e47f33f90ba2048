package dev.edgerelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
  private ClusteredNode a;
  private ClusteredNode b;

  private ClusteredNode start(String name, int hlsWindow) throws Exception {
    return ClusteredNode.start(dir, site, basePort, name, o -> o.setHls(o.hls().setWindow(hlsWindow)));
  }

  @BeforeAll
  void startTwoNodes(@TempDir Path dir) throws Exception {
    this.dir = dir;
    a = start("admin-a", 6);
    b = start("admin-b", 7); // another live window: another config digest
  }

  @AfterAll
  void closeAll() {
    for (ClusteredNode n : new ClusteredNode[] {a, b}) {
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
    ClusteredNode leaving = b;
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
