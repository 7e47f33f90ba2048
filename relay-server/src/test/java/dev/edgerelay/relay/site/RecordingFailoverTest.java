package dev.edgerelay.relay.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording failover on one machine (CLUSTER.md, "Acceptance"): three node JVMs on 127.0.0.1 clustered with the
 * loopback profile, the emulator with 12 loop cameras (GOP 2 s), the first channel of every camera recorded
 * (record_video, the cluster-wide intent). In turn a non-master and Hazelcast's master are killed with kill -9
 * ({@link #KILLS_PER_KIND} times each, {@code -Dsite.recordkills=N}); each recorded channel the dead node held gives
 * one sample: the hole in the channel's recording across the kill, from the segment files on every node's disk
 * (the dead node's last segment end, salvaged when it restarts, to the first segment start on the node that took
 * the channel). After each failover and each return every channel has exactly one recorder
 * ({@code /edge/channels} {@code recording} on every node). After the last return, get_video_list on the third node
 * lists the videos of both the killed node and its successor, in time order.
 */
@Tag("interop")
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class RecordingFailoverTest {
  static final int CAMERAS = 12;
  static final int NODES = 3;
  /** Kills of each kind (a non-master, the master); about 4 recorded channels each, so 5 give 20 samples a kind. */
  static final int KILLS_PER_KIND = Integer.getInteger("site.recordkills", 1);
  /** One GOP per recorded segment: the gap is read from segment times, so they should be fine-grained. */
  static final int RECORD_SEGMENT_MS = 2_000;
  static final long HEARTBEAT_TIMEOUT_MS = 3_000;
  static final long GAP_P95_MS = 6_000;
  static final long GAP_MAX_MS = 10_000;
  static final Duration SETTLE_WITHIN = Recorders.SETTLE_WITHIN;

  @TempDir static Path root;
  static Site site;
  static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    site = Site.start(vertx, root, CAMERAS, NODES, List.of("--hls-segment-ms", "2000",
        "--record-segment-ms", String.valueOf(RECORD_SEGMENT_MS), "--cluster-join-grace-ms", "0",
        "--cluster-heartbeat-timeout-ms", String.valueOf(HEARTBEAT_TIMEOUT_MS)));
  }

  @AfterAll
  static void stop() throws Exception {
    System.out.println("=== recording failover: " + NODES + " node JVMs on 127.0.0.1, " + CAMERAS
        + " recorded channels (GOP 2 s, " + RECORD_SEGMENT_MS + " ms segments), loopback profile ===");
    report.forEach(System.out::println);
    System.out.println("=== end ===");
    if (site != null) {
      site.close();
    }
  }

  @Test
  void shouldKeepRecordingEveryChannelAcrossKillsOfANonMasterAndOfTheMaster() throws Exception {
    List<StreamKey> recorded = site.firstChannels();
    Recorders.record(site, site.nodes.get(0), recorded, true);
    Map<StreamKey, String> recorders = awaitOneRecorderPerChannel(recorded, "after record_video");

    Timings nonMaster = new Timings("recording gap per channel, kill -9 of a non-master (segment times on disk)");
    Timings master = new Timings("recording gap per channel, kill -9 of the master (segment times on disk)");
    List<String> misses = new ArrayList<>();
    SiteNode victim = null;
    String successor = null;
    StreamKey lastLost = null;
    for (int cycle = 1; cycle <= 2 * KILLS_PER_KIND; cycle++) {
      boolean killMaster = cycle % 2 == 0;
      SiteNode hazelcastMaster = Eventually.value("the nodes agreeing on the master", SETTLE_WITHIN, site::master,
          m -> m != null);
      Map<StreamKey, String> held = recorders;
      victim = site.nodes.stream().filter(n -> killMaster == (n == hazelcastMaster))
          .max((a, b) -> Long.compare(count(held, a), count(held, b))).orElseThrow();
      SiteNode dead = victim;
      List<StreamKey> lost = recorded.stream().filter(k -> held.get(k).equals(dead.name)).toList();
      List<SiteNode> survivors = site.others(victim);
      Eventually.until("a segment being written on " + victim.name + " for each of " + lost, SETTLE_WITHIN,
          () -> lost.stream().allMatch(k -> RecordedSegments.of(site.nodes, k).writing(dead.name)));
      System.out.println("cycle " + cycle + ": killing " + victim + (killMaster ? " (the master)" : "")
          + ", recorder of " + lost);

      long killedAt = System.currentTimeMillis();
      victim.kill();
      Map<StreamKey, String> after = awaitOneRecorderPerChannel(recorded, "after the kill of " + victim.name);
      Eventually.until("a finished segment on a survivor since the kill for each of " + lost, SETTLE_WITHIN,
          () -> lost.stream().allMatch(k -> RecordedSegments.of(site.nodes, k).finishedElsewhereSince(dead.name,
              killedAt)));
      if (!lost.isEmpty()) {
        lastLost = lost.get(0);
        successor = after.get(lastLost);
      }

      site.restart(victim);
      site.awaitMembers(site.nodes, NODES);
      Eventually.until(victim.name + " salvaging the segments the kill cut", SETTLE_WITHIN,
          () -> lost.stream().noneMatch(k -> RecordedSegments.of(site.nodes, k).partBefore(dead.name, killedAt)));
      for (StreamKey k : lost) {
        OptionalLong gap = RecordedSegments.of(site.nodes, k).gapAcross(dead.name, killedAt);
        if (gap.isEmpty()) {
          misses.add("cycle " + cycle + ": no recording of " + k + " on both sides of the kill of " + dead.name);
        } else {
          (killMaster ? master : nonMaster).add(gap.getAsLong());
        }
      }
      recorders = awaitOneRecorderPerChannel(recorded, "after " + victim.name + " came back");
    }

    report.add(nonMaster.line());
    report.add(master.line());
    assertThat(misses).as("samples missing").isEmpty();
    for (Timings t : List.of(nonMaster, master)) {
      assertThat(t.count()).as(t.what + " samples").isPositive();
      assertThat(t.percentile(95)).as(t.what + " p95").isLessThanOrEqualTo(GAP_P95_MS);
      assertThat(t.max()).as(t.what + " max").isLessThanOrEqualTo(GAP_MAX_MS);
    }
    assertVideoListOnAThirdNode(lastLost, victim, successor);
  }

  /**
   * Spec 6.2 across nodes: get_video_list of {@code key} asked on the node that is neither the killed one nor its
   * successor lists videos held by both (each video's {@code hls_url} names its holder), in start order.
   */
  static void assertVideoListOnAThirdNode(StreamKey key, SiteNode killed, String successorName) {
    assertThat(key).as("a channel the last kill moved").isNotNull();
    SiteNode successor = site.byName(successorName);
    SiteNode third = site.nodes.stream().filter(n -> n != killed && n != successor).findFirst().orElseThrow();
    JsonObject answer = site.probe.get(third, "/ipc/video/vod/get_video_list?device_id=" + key.deviceId()
        + "&channel_id=" + key.channelId() + "&page_size=100");
    assertThat(answer).as("get_video_list on " + third.name).isNotNull();
    JsonArray videos = answer.getJsonObject("data").getJsonArray("videos");
    List<String> holders = new ArrayList<>();
    List<String> starts = new ArrayList<>();
    for (int i = 0; i < videos.size(); i++) {
      JsonObject v = videos.getJsonObject(i);
      holders.add(ClusterAcceptanceTest.Failover.hostPort(v.getString("hls_url")));
      starts.add(v.getString("start_time"));
    }
    report.add("get_video_list of " + key + " on " + third.name + ": " + videos.size() + " videos, holders "
        + holders.stream().distinct().map(a -> site.byAddress(a).name).toList() + ", starts " + starts);
    assertThat(holders).as("holders of the videos of " + key + " listed on " + third.name)
        .contains(killed.httpAddress(), successor.httpAddress());
    assertThat(starts).as("videos of " + key + " in time order").isSorted();
  }

  static long count(Map<StreamKey, String> recorders, SiteNode node) {
    return recorders.values().stream().filter(node.name::equals).count();
  }

  static Map<StreamKey, String> awaitOneRecorderPerChannel(List<StreamKey> recorded, String when) {
    return Recorders.awaitOnePerChannel(site, recorded, when);
  }
}
