package dev.edgerelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.relay.channels.ServedDevice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * VOD across a real cluster (Hazelcast, loopback profile, two clustered Vert.x in this JVM): the fan-out's JSON
 * crosses the clustered event bus, and a member that left makes get_video_list partial within the fan-out timeout
 * + 10 %. Each node's index holds three segments of one channel (a first, then b), written straight into it: the
 * list and the playlist read only the index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class ClusterVodTest {
  static final long FANOUT_TIMEOUT_MS = 1_000;
  private final String site = "vod-" + UUID.randomUUID();
  private final int basePort = 21_701 + ThreadLocalRandom.current().nextInt(200) * 10;
  private ClusteredNode a;
  private ClusteredNode b;
  private ChannelRef channel;
  private long start;

  @BeforeAll
  void startTwoNodes(@TempDir Path dir) throws Exception {
    a = ClusteredNode.start(dir, site, basePort, "vod-a", o -> o.cluster().setFanoutTimeoutMs(FANOUT_TIMEOUT_MS));
    b = ClusteredNode.start(dir, site, basePort, "vod-b", o -> o.cluster().setFanoutTimeoutMs(FANOUT_TIMEOUT_MS));
    Eventually.until("both ready in a's view", Duration.ofSeconds(10), () -> a.ownership().site().live().size() == 2
        && a.ownership().site().records().values().stream().filter(r -> r.ready()).count() == 2);
    ServedDevice device = a.node().directory().devices().iterator().next();
    channel = new ChannelRef(device.id(), device.channels().get(0).channelId());
    start = System.currentTimeMillis() - 60_000;
    for (int i = 0; i < 6; i++) {
      ClusteredNode holder = i < 3 ? a : b;
      holder.node().recorder().storage().store().index().addSegment(new SegmentRecord(channel, start + i * 2_000L,
          2_000, 1024, start + (i < 3 ? 0 : 6_000), false), "");
    }
  }

  @AfterAll
  void closeAll() {
    for (ClusteredNode n : new ClusteredNode[] {b, a}) {
      if (n != null) {
        n.close();
      }
    }
  }

  String list() {
    return "/ipc/video/vod/get_video_list?device_id=" + channel.deviceId() + "&channel_id=" + channel.channelId();
  }

  @Test
  @Order(1)
  void shouldListTheVideosOfBothMembersWithUrlsAtTheirHolders() {
    JsonObject answer = a.answer(list());

    assertThat(answer.containsKey("partial")).as(answer.encode()).isFalse();
    JsonArray videos = answer.getJsonObject("data").getJsonArray("videos");
    assertThat(videos.stream().map(v -> ((JsonObject) v).getString("hls_url").split("/")[2])).containsExactly(
        "127.0.0.1:" + a.node().httpPort(), "127.0.0.1:" + b.node().httpPort());
  }

  @Test
  @Order(2)
  void aMemberThatLeftShouldMakeTheListPartialWithinTheTimeout() {
    ClusteredNode leaving = b;
    b = null;
    leaving.close();

    List<Long> tookMillis = new ArrayList<>();
    JsonObject answer = Eventually.value("vod-b missing from a's answer", Duration.ofSeconds(15), () -> {
      long started = System.nanoTime();
      JsonObject listed = a.answer(list());
      tookMillis.add((System.nanoTime() - started) / 1_000_000);
      return listed;
    }, v -> v.getBoolean("partial", false));

    assertThat(tookMillis).allMatch(t -> t <= FANOUT_TIMEOUT_MS + FANOUT_TIMEOUT_MS / 10, "within timeout + 10 %");

    assertThat(answer.getInteger("errno")).isZero();
    assertThat(answer.getJsonArray("unavailable_nodes")).containsExactly("vod-b");
    assertThat(answer.getJsonObject("data").getJsonArray("videos")).hasSize(1);
    assertThat(a.node().clusterMetrics().partialFanOuts()).isPositive();
  }
}
