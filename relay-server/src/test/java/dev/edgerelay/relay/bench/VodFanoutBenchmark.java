package dev.edgerelay.relay.bench;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.RecordingIndex;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.relay.testing.VodSite;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * get_video_list across a site (CLUSTER.md acceptance: 3 nodes x 10,000 segments, p99 <= 50 ms): three nodes on one
 * Vert.x, their VOD fan-out over its event bus, each node's index holding {@link #SEGMENTS} 2 s segments of one
 * channel (written straight into the index: the list never opens a file), node a's time first, then b's, then c's,
 * as handoffs leave them. Requests go to node c over HTTP one at a time, and each asks a, b and itself. Two shapes:
 * sessions of {@link #SEGMENTS_PER_VIDEO} segments (100 videos a node), and every segment its own video (10,000
 * videos a node, the worst case: each node builds only its window but counts every video of the range). Not a unit test (the
 * name keeps it out of the default run); run it through surefire and read
 * {@code relay-server/target/surefire-reports/*VodFanoutBenchmark-output.txt}:
 * <pre>
 * mvn -B -o -q -pl relay-server -am test -Dtest=VodFanoutBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
public class VodFanoutBenchmark {
  private static final int SEGMENTS = Integer.getInteger("bench.segments", 10_000);
  private static final int SEGMENTS_PER_VIDEO = 100;
  private static final long SEGMENT_MILLIS = 2_000;
  private static final int WARMUP = Integer.getInteger("bench.warmup", 200);
  private static final int REQUESTS = Integer.getInteger("bench.requests", 1_000);

  @Test
  void measure() throws Exception {
    main(new String[0]);
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    VodSite site = new VodSite();
    TestNode[] nodes = new TestNode[3];
    try {
      nodes[0] = TestNode.start(vertx, Files.createTempDirectory("vod-bench-a"),
          o -> quiet(o.setSim(o.sim().setCameras(1).setCameraMode(CameraMode.LOOP))),
          (v, o) -> EdgeNode.start(v, o, site.member("a")));
      String platform = nodes[0].node.platformUrl();
      nodes[1] = TestNode.start(vertx, Files.createTempDirectory("vod-bench-b"), o -> quiet(o.setPlatformUrl(platform)),
          (v, o) -> EdgeNode.start(v, o, site.member("b")));
      nodes[2] = TestNode.start(vertx, Files.createTempDirectory("vod-bench-c"), o -> quiet(o.setPlatformUrl(platform)),
          (v, o) -> EdgeNode.start(v, o, site.member("c")));
      StreamKey key = nodes[0].channels().get(0);
      ChannelRef sessions = new ChannelRef(key.deviceId(), key.channelId());
      ChannelRef singles = new ChannelRef(key.deviceId(), key.channelId() + 100);
      long start = System.currentTimeMillis() - 3L * SEGMENTS * SEGMENT_MILLIS;
      for (int n = 0; n < nodes.length; n++) {
        RecordingIndex index = nodes[n].node.recorder().storage().store().index();
        long nodeStart = start + (long) n * SEGMENTS * SEGMENT_MILLIS;
        for (int i = 0; i < SEGMENTS; i++) {
          long t = nodeStart + i * SEGMENT_MILLIS;
          long sessionId = nodeStart + (i / SEGMENTS_PER_VIDEO) * SEGMENTS_PER_VIDEO * SEGMENT_MILLIS;
          index.addSegment(new SegmentRecord(sessions, t, SEGMENT_MILLIS, 1024, sessionId, false), "");
          index.addSegment(new SegmentRecord(singles, t, SEGMENT_MILLIS, 1024, t, true), "");
        }
      }
      System.out.printf("3 nodes x %d segments of one channel; get_video_list on node c, fan-out to a, b, c%n", SEGMENTS);
      measure(nodes[2], sessions, "videos of " + SEGMENTS_PER_VIDEO + " segments, page 1 of 10", "&page_size=10");
      measure(nodes[2], sessions, "videos of " + SEGMENTS_PER_VIDEO + " segments, page 25 of 10", "&page_size=10&page_start=25");
      measure(nodes[2], singles, "one segment a video, page 1 of 10", "&page_size=10");
      measure(nodes[2], singles, "one segment a video, page 1 of 100", "&page_size=100");
    } finally {
      for (int n = nodes.length - 1; n >= 0; n--) {
        if (nodes[n] != null) {
          nodes[n].close();
        }
      }
      Await.result(vertx.close().toCompletionStage());
    }
  }

  private static dev.edgerelay.relay.config.NodeOptions quiet(dev.edgerelay.relay.config.NodeOptions o) {
    o.recorder().setMinFreeMb(0);
    return o;
  }

  private static void measure(TestNode node, ChannelRef channel, String what, String query) {
    String url = "/ipc/video/vod/get_video_list?device_id=" + channel.deviceId() + "&channel_id=" + channel.channelId()
        + query;
    String key = node.node.options().platform().apiKey();
    long expected = -1;
    for (int i = 0; i < WARMUP; i++) {
      expected = list(node, url, key).getJsonObject("page_info").getLong("total_num");
    }
    long[] nanos = new long[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      long t0 = System.nanoTime();
      JsonObject answer = list(node, url, key);
      nanos[i] = System.nanoTime() - t0;
      if (answer.containsKey("partial") || answer.getJsonObject("page_info").getLong("total_num") != expected) {
        throw new AssertionError("a partial or different answer: " + answer.encode());
      }
    }
    Arrays.sort(nanos);
    System.out.printf("%-45s total %6d videos: p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms (%d requests)%n",
        what, expected, ms(nanos, 0.50), ms(nanos, 0.95), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6, REQUESTS);
  }

  private static JsonObject list(TestNode node, String url, String key) {
    return Await.result(node.http.get(node.node.httpPort(), "127.0.0.1", url).putHeader("api-key", key).send()
        .toCompletionStage()).bodyAsJsonObject();
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }
}
