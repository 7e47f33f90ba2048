package dev.edgerelay.relay.cluster.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpClientException;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamSource;
import dev.edgerelay.relay.pull.PlatformUpstream;
import dev.edgerelay.relay.pull.PullSession;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live path across nodes (docs/architecture.md, "Cluster: live path"): three nodes in one JVM on one Vert.x
 * (its event bus shared), node a's embedded emulator the platform of all, and a {@link TestSite} deciding every
 * channel's origin (node a unless a test moves one). Node c answers play_address with its own address and
 * redirects live HLS of other nodes' channels.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LivePathAcrossNodesTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir static Path dirA;
  @TempDir static Path dirB;
  @TempDir static Path dirC;
  static TestSite site = new TestSite("a");
  static TestNode a;
  static TestNode b;
  static TestNode c;
  static List<StreamKey> channels;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    a = TestNode.start(vertx, dirA, o -> timings(o.setSim(o.sim().setCameras(6).setCameraMode(CameraMode.LOOP))),
        (v, o) -> EdgeNode.start(v, o, site.member("a")));
    String platform = a.node.platformUrl();
    b = TestNode.start(vertx, dirB, o -> timings(o.setPlatformUrl(platform)),
        (v, o) -> EdgeNode.start(v, o, site.member("b")));
    c = TestNode.start(vertx, dirC, o -> timings(o.setPlatformUrl(platform)),
        (v, o) -> EdgeNode.start(v, o, site.member("c"), new LivePathOptions(true, true, 4, 2_000)));
    channels = a.channels();
  }

  static dev.edgerelay.relay.config.NodeOptions timings(dev.edgerelay.relay.config.NodeOptions o) {
    return o.setHls(o.hls().setSegmentMillis(1000)).setHub(o.hub().setIdleTimeoutMillis(8000));
  }

  @AfterAll
  static void stop() throws Exception {
    for (TestNode node : new TestNode[] {c, b, a}) {
      if (node != null) {
        node.close();
      }
    }
  }

  static String http(TestNode node) {
    return "127.0.0.1:" + node.node.httpPort();
  }

  static String token(StreamKey key) throws Exception {
    return a.playAddress(key, 1).getString("accessToken");
  }

  static String hlsUrl(TestNode node, StreamKey key) throws Exception {
    return "http://" + http(node) + "/live/" + key.hlsDirectory() + "/index.m3u8?" + token(key);
  }

  static HttpResponse<Buffer> get(TestNode from, String url) {
    return Await.result(from.http.getAbs(url).followRedirects(false).putHeader("api-key",
        a.node.options().platform().apiKey()).send().toCompletionStage());
  }

  static HttpResponse<Buffer> post(TestNode from, String url) {
    return Await.result(from.http.postAbs(url).putHeader("api-key", a.node.options().platform().apiKey()).send()
        .toCompletionStage());
  }

  static boolean pullsFromPlatform(StreamSource source) {
    return source instanceof PullSession pull && pull.upstream() instanceof PlatformUpstream;
  }

  static JsonObject channelEntry(TestNode node, StreamKey key) {
    JsonArray all = get(node, "http://" + http(node) + "/edge/channels").bodyAsJsonObject().getJsonArray("data");
    for (int i = 0; i < all.size(); i++) {
      JsonObject entry = all.getJsonObject(i);
      if (entry.getString("device_id").equals(key.deviceId()) && entry.getInteger("channel_id") == key.channelId()) {
        return entry;
      }
    }
    throw new AssertionError(key + " is not in /edge/channels of " + http(node));
  }

  @Test
  void shouldServeHlsAndRtmpOnANodeThatIsNotTheOriginThroughOneRelayFromTheOrigin() throws Exception {
    StreamKey key = channels.get(0);

    int videoFrames = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(hlsUrl(b, key))) {
      grabber.setOption("live_start_index", "0");
      grabber.start();
      long first = -1;
      for (Frame frame; (frame = grabber.grab()) != null; ) {
        if (frame.image != null) {
          videoFrames++;
          first = first < 0 ? frame.timestamp : first;
          if (frame.timestamp - first >= 3_000_000L) {
            break;
          }
        }
      }
    }
    AtomicInteger rtmpMessages = new AtomicInteger();
    RtmpClient client = RtmpClient.create(RtmpConfig.defaults());
    try {
      RtmpPull viewer = client.play("rtmp://127.0.0.1:" + b.node.lanRtmp().port() + "/live/" + key.rtmpName() + "?"
          + token(key), message -> {
            rtmpMessages.incrementAndGet();
            message.release();
          });
      Eventually.until("an RTMP viewer of node b gets media", WAIT, () -> rtmpMessages.get() > 50);

      assertThat(videoFrames).as("HLS frames decoded on node b").isGreaterThanOrEqualTo(60);
      assertThat(pullsFromPlatform(a.node.hub().source(key))).isTrue();
      assertThat(((PullSession) a.node.hub().source(key)).connects()).as("upstream pulls at the origin").isEqualTo(1);
      assertThat(b.node.hub().source(key).describe()).startsWith("relay " + key.rtmpName() + " from node a");
      assertThat(site.claims).containsEntry(key, "a PULL");
      assertThat(b.node.lanRtmp().viewers(key)).isEqualTo(1);
      assertThat(a.node.lanRtmp().players()).as("relays are not viewers").isZero();
      assertThat(a.node.lanRtmp().relays(key)).containsExactly("b");
      JsonObject atOrigin = channelEntry(a, key);
      assertThat(atOrigin.getString("origin")).isEqualTo("a");
      assertThat(atOrigin.getJsonArray("relays").getList()).containsExactly("b");
      assertThat(atOrigin.getInteger("rtmp_viewers")).isZero();
      assertThat(channelEntry(b, key).getString("origin")).isEqualTo("a");
      assertThat(channelEntry(b, key).getInteger("rtmp_viewers")).isEqualTo(1);
      viewer.close();
    } finally {
      client.close();
    }
  }

  @Test
  void shouldMoveThePullToTheNewOriginWithoutEndingTheHlsWindowOfItsViewers() throws Exception {
    StreamKey key = channels.get(1);
    String url = hlsUrl(b, key);
    Eventually.until("node b's playlist lists two segments", WAIT,
        () -> get(b, url).bodyAsString().split("#EXTINF").length > 2);
    assertThat(pullsFromPlatform(a.node.hub().source(key))).isTrue();

    site.setOrigin(key, "b");
    try {
      Eventually.until("node b pulls from the platform", WAIT, () -> pullsFromPlatform(b.node.hub().source(key)));
      String playlist = Eventually.value("two segments after a discontinuity on node b", WAIT,
          () -> get(b, url).bodyAsString(),
          text -> text.contains("#EXT-X-DISCONTINUITY")
              && text.substring(text.indexOf("#EXT-X-DISCONTINUITY")).split("#EXTINF").length > 2);

      assertThat(playlist).doesNotContain("#EXT-X-ENDLIST");
      assertThat(playlist.substring(0, playlist.indexOf("#EXT-X-DISCONTINUITY"))).contains("#EXTINF");
      assertThat(site.claims).containsEntry(key, "b PULL");
      Eventually.until("node a no longer pulls it from the platform", WAIT,
          () -> !pullsFromPlatform(a.node.hub().source(key)));
      assertThat(site.releases).as("node a released its claim").contains("a " + key);
    } finally {
      site.setOrigin(key, "a");
    }
  }

  /**
   * GIVEN node b relays a channel for a viewer, WHEN its origin a dies (the site marks it down) and b becomes the
   * origin, THEN b's takeover is timed from a's down_since to the first unit of b's pull.
   */
  @Test
  void shouldTimeATakeoverFromADeadOriginToTheFirstUnitOfTheNewPull() throws Exception {
    assertThat(channels).as("a channel no other test uses").hasSizeGreaterThan(6);
    StreamKey key = channels.get(6);
    String url = hlsUrl(b, key);
    Eventually.until("node b's playlist lists a segment", WAIT, () -> get(b, url).bodyAsString().contains("#EXTINF"));
    assertThat(b.node.relaying()).as("what b's record lists as relayed").contains(key.rtmpName());
    long diedAt = System.currentTimeMillis();

    site.markDown("a", diedAt);
    site.setOrigin(key, "b");
    try {
      Eventually.until("node b pulls from the platform", WAIT, () -> pullsFromPlatform(b.node.hub().source(key)));
      String metrics = Eventually.value("the takeover timed on node b", WAIT,
          () -> get(b, "http://" + http(b) + "/edge/metrics").bodyAsString(),
          text -> text.contains("edge_cluster_takeover_seconds_count 1"));
      double seconds = Double.parseDouble(metrics.lines().filter(l -> l.startsWith("edge_cluster_takeover_seconds_sum"))
          .findFirst().orElseThrow().split(" ")[1]);
      assertThat(seconds).isPositive().isLessThan((System.currentTimeMillis() - diedAt) / 1000.0 + 0.001);
      assertThat(b.node.relaying()).doesNotContain(key.rtmpName());
      System.out.println("cluster: takeover from a dead origin to the first unit of the new pull: " + seconds + " s");
    } finally {
      site.markDown("a", 0);
      site.setOrigin(key, "a");
    }
  }

  @Test
  void shouldRefuseARelayFromANodeThatIsNotTheOriginNamingTheOrigin() throws Exception {
    StreamKey key = channels.get(2);
    RtmpClient client = RtmpClient.create(RtmpConfig.defaults());
    try {
      RtmpPull relay = client.play("rtmp://127.0.0.1:" + b.node.lanRtmp().port() + "/live/" + key.rtmpName() + "?"
          + token(key) + "&relay=c", message -> message.release());

      assertThatThrownBy(() -> relay.started().get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(RtmpClientException.class)
          .hasMessageContaining("not the origin of " + key)
          .hasMessageContaining("relay from node a");
      assertThat(b.node.hub().find(key)).isNull();
    } finally {
      client.close();
    }
  }

  @Test
  void shouldAnswerTheOriginsAddressInPlayAddressOrThisNodesWithTheSelfOption() throws Exception {
    StreamKey key = channels.get(3);

    assertThat(b.playAddress(key, 1).getString("addr")).isEqualTo(http(a));
    assertThat(b.playAddress(key, 0).getString("addr")).isEqualTo("127.0.0.1:" + a.node.lanRtmp().port());
    assertThat(c.playAddress(key, 1).getString("addr")).isEqualTo(http(c));
  }

  @Test
  void shouldRedirectLiveHlsToTheOriginWithTheRedirectOption() throws Exception {
    StreamKey key = channels.get(3);
    String token = token(key);
    String path = "/live/" + key.hlsDirectory() + "/index.m3u8?" + token;

    HttpResponse<Buffer> playlist = get(c, "http://" + http(c) + path);
    HttpResponse<Buffer> segment = get(c, "http://" + http(c) + "/live/" + key.hlsDirectory() + "/7.ts?" + token);

    assertThat(playlist.statusCode()).isEqualTo(302);
    assertThat(playlist.getHeader("location")).isEqualTo("http://" + http(a) + path);
    assertThat(segment.statusCode()).isEqualTo(302);
    assertThat(segment.getHeader("location")).startsWith("http://" + http(a) + "/live/" + key.hlsDirectory() + "/7.ts");
    assertThat(get(c, "http://" + http(c) + path.replace(token, "forged")).statusCode()).isEqualTo(403);
    assertThat(c.node.hub().find(key)).as("nothing runs on the redirecting node").isNull();
  }

  @Test
  void shouldForwardPreloadLivePreviewAndSnapshotsToTheOrigin() throws Exception {
    StreamKey key = channels.get(4);
    String token = token(key);
    String base = "http://" + http(b);

    JsonObject preload = get(b, base + "/live/" + key.hlsDirectory() + "/preload?token=" + token + "&idle_time=30")
        .bodyAsJsonObject();
    assertThat(preload.getInteger("errno")).isZero();
    assertThat(a.node.hub().find(key)).as("preloaded at the origin").isNotNull();
    assertThat(b.node.hub().find(key)).isNull();

    HttpResponse<Buffer> preview = Eventually.value("a thumbnail through node b", WAIT,
        () -> get(b, base + "/live_preview/" + key.deviceId() + "_" + key.channelId() + "?token=" + token),
        r -> r.statusCode() == 200);
    assertThat(preview.getHeader("content-type")).isEqualTo("image/jpeg");
    assertThat(preview.body().getByte(0)).isEqualTo((byte) 0xFF);
    assertThat(preview.body().getByte(1)).isEqualTo((byte) 0xD8);
    assertThat(b.node.hub().find(key)).isNull();

    JsonObject snapshot = post(b, base + "/edge/snapshot?device_id=" + key.deviceId() + "&channel_id="
        + key.channelId() + "&name=forwarded").bodyAsJsonObject();
    assertThat(snapshot.getInteger("errno")).as(snapshot.encode()).isZero();
    assertThat(snapshot.getJsonObject("data").getString("url")).startsWith("http://" + http(a) + "/pictures/");
  }

  @Test
  void shouldAnswerWithItsOwnErrnoWhenTheOriginDoesNotAnswer() throws Exception {
    StreamKey key = channels.get(5);
    site.setOrigin(key, "gone");
    try {
      String base = "http://" + http(b);
      HttpResponse<Buffer> preload = get(b, base + "/live/" + key.hlsDirectory() + "/preload?token=" + token(key));
      JsonObject snapshot = post(b, base + "/edge/snapshot?device_id=" + key.deviceId() + "&channel_id="
          + key.channelId()).bodyAsJsonObject();

      assertThat(preload.statusCode()).isEqualTo(503);
      assertThat(preload.bodyAsJsonObject().getInteger("errno")).isEqualTo(EdgeErrno.ORIGIN_UNREACHABLE);
      assertThat(preload.bodyAsJsonObject().getString("error")).contains("node gone");
      assertThat(snapshot.getInteger("errno")).isEqualTo(EdgeErrno.ORIGIN_UNREACHABLE);
    } finally {
      site.setOrigin(key, "a");
    }
  }
}
