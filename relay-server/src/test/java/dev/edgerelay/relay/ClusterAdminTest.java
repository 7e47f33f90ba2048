package dev.edgerelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.upload.UploadPolicy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
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
 * routes show the site, its records and config digests (naming the section that differs), a channel both claim,
 * and a killed node as down with the uploads it stranded, until it is forgotten; the cluster's metrics follow.
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

  private ClusteredNode start(String name, Consumer<NodeOptions> tweak) throws Exception {
    return ClusteredNode.start(dir, site, basePort, name, tweak);
  }

  @BeforeAll
  void startTwoNodes(@TempDir Path dir) throws Exception {
    this.dir = dir;
    a = start("admin-a", options -> { });
    // other upload options: another config digest; failed uploads wait a while before their next attempt
    b = start("admin-b", options -> options.upload().setPolicy(UploadPolicy.ON_REQUEST).setBackoffMs(1_000));
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
    assertThat(other.getJsonArray("config_differs_in")).containsExactly("upload");
    assertThat(other.getJsonObject("config_sections").fieldNames()).containsExactlyInAnyOrder("platform", "live",
        "recorder", "upload", "cluster");
    assertThat(other.fieldNames()).contains("relays", "outbox_pending", "outbox_in_flight", "outbox_parked",
        "outbox_oldest_at", "outbox_oldest_age_ms");
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
  void forgetShouldRefuseALiveNodeAndAnUnknownName() {
    JsonObject live = post(a, "/edge/cluster/forget?node=admin-b");
    JsonObject self = post(a, "/edge/cluster/forget?node=admin-a");
    JsonObject unknown = post(a, "/edge/cluster/forget?node=nobody");

    assertThat(live.getInteger("errno")).isEqualTo(EdgeErrno.NODE_LIVE);
    assertThat(live.getString("error")).contains("admin-b", "live member", "only a node that is down");
    assertThat(self.getInteger("errno")).isEqualTo(EdgeErrno.NODE_LIVE);
    assertThat(unknown.getInteger("errno")).isEqualTo(EdgeErrno.NODE_UNKNOWN);
    assertThat(unknown.getString("error")).contains("nobody");
    assertThat(a.get("/edge/cluster").getJsonArray("members")).hasSize(2);
  }

  /**
   * GIVEN uploads queued on admin-b while its emulator answers 503, WHEN admin-b dies (its Hazelcast member
   * terminated, then its HTTP gone, so the guard confirms it), THEN admin-a lists it down with its stranded
   * uploads, in /edge/cluster and the metrics.
   */
  @Test
  @Order(4)
  void aKilledNodesStrandedUploadsShouldShowOnTheSurvivor() throws Exception {
    Await.result(b.http().postAbs(b.node().embeddedSim().baseUrl() + "/sim/faults").sendJsonObject(new JsonObject()
        .put("path_prefix", "/ipc/video/picture/upload").put("status", 503).put("rate", 1.0)).toCompletionStage());
    storePicture(b, "stranded-1");
    storePicture(b, "stranded-2");
    Eventually.until("admin-b's record showing its two held uploads", Duration.ofSeconds(15), () -> {
      JsonObject record = member(a.get("/edge/cluster").getJsonArray("members"), "admin-b");
      return record.getLong("outbox_pending") + record.getLong("outbox_in_flight") == 2;
    });

    ClusteredNode killed = b;
    b = null;
    killed.joined().hazelcast().getLifecycleService().terminate(); // no goodbye: its record stays as it was
    Await.result(killed.node().close().toCompletionStage(), Duration.ofSeconds(30));
    killed.joined().vertx().close();

    JsonObject view = Eventually.value("admin-b down in a's view", Duration.ofSeconds(15),
        () -> a.get("/edge/cluster"), v -> !v.getJsonArray("down").isEmpty());
    JsonObject down = view.getJsonArray("down").getJsonObject(0);
    assertThat(down.getString("name")).isEqualTo("admin-b");
    assertThat(down.getLong("stranded_uploads")).isEqualTo(2);
    assertThat(down.getLong("outbox_oldest_age_ms")).isPositive();
    assertThat(view.getLong("stranded_uploads")).isEqualTo(2);
    assertThat(view.getJsonArray("members")).hasSize(1);
    Eventually.until("admin-b's down_since written", Duration.ofSeconds(10), () -> a.get("/edge/cluster")
        .getJsonArray("down").getJsonObject(0).getLong("down_since") > 0);
    assertThat(a.get("/edge/health").getInteger("members")).isEqualTo(1);
    String metrics = scrape(a);
    assertThat(metrics).contains("edge_cluster_stranded_uploads{node=\"admin-b\"} 2.0",
        "edge_cluster_stranded_uploads{node=\"admin-a\"} 0.0", "edge_cluster_members 1.0",
        "edge_cluster_takeovers_confirmed_total 1.0", "edge_cluster_partial_fanouts_total 0.0",
        "edge_cluster_relays 0.0", "edge_cluster_relays_served 0.0", "edge_cluster_takeover_seconds_count");
  }

  /**
   * GIVEN admin-b down with stranded uploads, WHEN it starts again from its data directory (its emulator healthy),
   * THEN its outbox resumes and each picture arrives once by name, and admin-a shows it up with nothing held; once it
   * stops for good, forget removes its record and its metrics series.
   */
  @Test
  @Order(5)
  void aRestartedNodeShouldSendWhatItStrandedAndAStoppedOneBeForgotten() throws Exception {
    b = start("admin-b", options -> options.upload().setPolicy(UploadPolicy.ON_REQUEST).setBackoffMs(1_000));
    Eventually.until("both pictures at admin-b's platform", Duration.ofSeconds(30), () -> b.node().embeddedSim().state()
        .pictures().list("10000001", 1).stream().filter(p -> p.name().startsWith("stranded-")).count() == 2);
    assertThat(b.node().embeddedSim().state().pictures().list("10000001", 1)).extracting(p -> p.name())
        .filteredOn(name -> name.startsWith("stranded-")).containsExactlyInAnyOrder("stranded-1", "stranded-2");
    Eventually.until("admin-b up again in a's view, holding nothing", Duration.ofSeconds(15), () -> {
      JsonObject view = a.get("/edge/cluster");
      return view.getJsonArray("down").isEmpty() && view.getJsonArray("members").size() == 2
          && member(view.getJsonArray("members"), "admin-b").getLong("outbox_pending") == 0
          && member(view.getJsonArray("members"), "admin-b").getLong("outbox_in_flight") == 0;
    });
    ClusteredNode stopped = b;
    b = null;
    stopped.close();
    Eventually.until("admin-b down again", Duration.ofSeconds(15),
        () -> !a.get("/edge/cluster").getJsonArray("down").isEmpty());

    JsonObject forgotten = post(a, "/edge/cluster/forget?node=admin-b");

    assertThat(forgotten.getInteger("errno")).as(forgotten.toString()).isZero();
    assertThat(forgotten.getJsonObject("data").getString("forgotten")).isEqualTo("admin-b");
    assertThat(forgotten.getJsonObject("data").getLong("stranded_uploads")).isZero();
    Eventually.until("admin-b gone from a's records", Duration.ofSeconds(10),
        () -> a.get("/edge/cluster").getJsonArray("down").isEmpty());
    assertThat(a.get("/edge/cluster").getLong("stranded_uploads")).isZero();
    assertThat(scrape(a)).doesNotContain("node=\"admin-b\"");
    assertThat(post(a, "/edge/cluster/forget?node=admin-b").getInteger("errno")).isEqualTo(EdgeErrno.NODE_UNKNOWN);
  }

  private static JsonObject post(ClusteredNode n, String path) {
    return Await.result(n.http().post(n.node().httpPort(), "127.0.0.1", path).putHeader("api-key",
        n.node().options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject();
  }

  private static String scrape(ClusteredNode n) {
    return Await.result(n.http().get(n.node().httpPort(), "127.0.0.1", "/edge/metrics").putHeader("api-key",
        n.node().options().platform().apiKey()).send().toCompletionStage()).bodyAsString();
  }

  /** A picture marked for upload (spec 5.1): the node stores it and queues it in its outbox. */
  private static void storePicture(ClusteredNode n, String name) {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9};
    JsonObject stored = Await.result(n.http().put(n.node().httpPort(), "127.0.0.1",
        "/ipc/video/picture/upload?device_id=10000001&channel_id=1&format=jpg&upload=1&name=" + name)
        .putHeader("api-key", n.node().options().platform().apiKey()).sendBuffer(Buffer.buffer(jpeg))
        .toCompletionStage()).bodyAsJsonObject();
    assertThat(stored.getInteger("errno")).as(stored.toString()).isZero();
  }

  private static JsonObject member(JsonArray members, String name) {
    return members.stream().map(JsonObject.class::cast).filter(m -> m.getString("name").equals(name)).findFirst()
        .orElseThrow();
  }
}
