package dev.edgerelay.relay.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.PlatformOptions;
import dev.edgerelay.relay.platform.model.StatQuery;
import dev.edgerelay.relay.platform.model.StreamSession;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.relay.testing.VodSite;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-time lists across nodes (spec 13.1 getonlinelist, 13.2 getpushlist; docs/architecture.md, "Cluster: VOD
 * across nodes"): three nodes on one Vert.x (one event bus), node a's emulator the platform of all. An HLS viewer
 * watches a channel on a, an RTMP viewer another on b; node c, which serves nobody, lists both viewers and both
 * pulls with the node serving each, pages them under a page_key, and answers partial, in time, when a member is
 * silent.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StatListsAcrossNodesTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir static Path dirA;
  @TempDir static Path dirB;
  @TempDir static Path dirC;
  static VodSite site = new VodSite();
  static TestNode a;
  static TestNode b;
  static TestNode c;
  static StreamKey hlsChannel;
  static StreamKey rtmpChannel;
  static RtmpClient rtmp;
  static String product;
  static long poller;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    a = TestNode.start(vertx, dirA, o -> o.setSim(o.sim().setCameras(2).setCameraMode(CameraMode.LOOP)),
        (v, o) -> EdgeNode.start(v, o, site.member("a")));
    String platform = a.node.platformUrl();
    b = TestNode.start(vertx, dirB, o -> o.setPlatformUrl(platform), (v, o) -> EdgeNode.start(v, o, site.member("b")));
    c = TestNode.start(vertx, dirC, o -> o.setPlatformUrl(platform), (v, o) -> EdgeNode.start(v, o, site.member("c")));
    product = a.node.options().platform().productId();
    hlsChannel = a.channels().get(0);
    rtmpChannel = a.channels().get(1);

    // an HLS viewer on a: the playlist, then a segment of it
    JsonObject hls = a.playAddress(hlsChannel, 1);
    String token = hls.getString("accessToken");
    String base = "http://" + hls.getString("addr") + "/live/" + hlsChannel.hlsDirectory() + "/";
    HttpResponse<Buffer> playlist = Await.result(a.http.getAbs(base + "index.m3u8?" + token).send()
        .toCompletionStage(), WAIT);
    assertThat(playlist.statusCode()).as(playlist.bodyAsString()).isEqualTo(200);
    String segment = playlist.bodyAsString().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst()
        .orElseThrow();
    assertThat(Await.result(a.http.getAbs(base + segment).send().toCompletionStage()).statusCode()).isEqualTo(200);
    // and it goes on watching, as a player polls the live playlist
    poller = vertx.setPeriodic(2_000, t -> a.http.getAbs(base + "index.m3u8?" + token).send());

    // an RTMP viewer on b
    JsonObject address = b.playAddress(rtmpChannel, 0);
    rtmp = RtmpClient.create(RtmpConfig.defaults());
    RtmpPull pull = rtmp.play("rtmp://" + address.getString("addr") + "/live/" + rtmpChannel.rtmpName() + "?"
        + address.getString("accessToken"), message -> message.release());
    pull.started().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop(Vertx vertx) throws Exception {
    vertx.cancelTimer(poller);
    if (rtmp != null) {
      rtmp.close();
    }
    for (TestNode node : new TestNode[] {c, b, a}) {
      if (node != null) {
        node.close();
      }
    }
  }

  static JsonObject stat(TestNode on, String route, String query) {
    return Await.result(on.http.get(on.node.httpPort(), "127.0.0.1", "/ipc/video/stat/" + route + "?" + query)
        .putHeader("api-key", a.node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject();
  }

  static List<String> column(JsonObject answer, String field) {
    List<String> out = new ArrayList<>();
    answer.getJsonArray("result").forEach(r -> out.add(String.valueOf(((JsonObject) r).getValue(field))));
    return out;
  }

  @Test
  void shouldListEveryNodesViewersOnANodeThatServesNone() {
    JsonObject answer = Eventually.value("both viewers listed on c with their rates", WAIT,
        () -> stat(c, "getonlinelist", "productid=" + product),
        got -> got.getJsonArray("result").size() == 2 && got.getJsonArray("result").stream()
            .allMatch(r -> ((JsonObject) r).getLong("bandwidth") > 0));

    assertThat(answer.getInteger("errno")).isZero();
    assertThat(answer.containsKey("partial")).isFalse();
    assertThat(column(answer, "node")).containsExactlyInAnyOrder("a", "b");
    assertThat(column(answer, "protocoltype")).containsExactlyInAnyOrder("HLS", "RTMP");
    for (Object r : answer.getJsonArray("result")) {
      JsonObject row = (JsonObject) r;
      StreamKey shown = new StreamKey(String.valueOf(row.getValue("deviceid")), row.getInteger("channelid"));
      assertThat(shown).isEqualTo(row.getString("protocoltype").equals("HLS") ? hlsChannel : rtmpChannel);
      assertThat(row.getString("node")).isEqualTo(row.getString("protocoltype").equals("HLS") ? "a" : "b");
      assertThat(row.getString("clientip")).isEqualTo("127.0.0.1");
      assertThat(row.getString("videocodec")).isEqualTo("H264");
      assertThat(row.getString("resolution")).matches("\\d+ \\* \\d+");
      assertThat(row.getInteger("fps")).isPositive();
      assertThat(row.getString("onlinetime")).matches("\\d\\d:\\d\\d:\\d\\d");
      assertThat(row.getLong("productid")).isEqualTo(Long.parseLong(product)); // a number, as spec 13 shows it
    }

    JsonObject hlsOnly = stat(c, "getonlinelist", "productid=" + product + "&protocoltype=HLS");
    assertThat(column(hlsOnly, "node")).containsExactly("a");
  }

  @Test
  void shouldListEachChannelsPullOnItsOriginNode() {
    JsonObject answer = Eventually.value("both pulls listed on c", WAIT,
        () -> stat(c, "getpushlist", "productid=" + product),
        got -> got.getJsonArray("result").size() >= 2);

    assertThat(answer.getInteger("errno")).isZero();
    List<String> pushes = new ArrayList<>();
    for (Object r : answer.getJsonArray("result")) {
      JsonObject row = (JsonObject) r;
      pushes.add(row.getString("node") + " " + row.getValue("deviceid") + "-" + row.getInteger("channelid"));
      assertThat(row.getString("protocoltype")).isEqualTo("RTMP");
      assertThat(row.getString("puship")).isEqualTo("127.0.0.1"); // the emulator's RTMP origin
      assertThat(row.getString("pushtime")).matches("\\d\\d:\\d\\d:\\d\\d");
      assertThat(row.getString("source")).isEqualTo("platform_pull");
    }
    assertThat(pushes).contains("a " + hlsChannel.rtmpName(), "b " + rtmpChannel.rtmpName());

    JsonObject filtered = stat(c, "getpushlist", "productid=" + product + "&deviceid=" + rtmpChannel.deviceId()
        + "&channelid=" + rtmpChannel.channelId());
    assertThat(column(filtered, "node")).containsExactly("b");
  }

  @Test
  void shouldPageTheSameListUnderItsPageKey() {
    JsonObject first = Eventually.value("two viewers", WAIT,
        () -> stat(c, "getonlinelist", "productid=" + product + "&page_size=1"),
        got -> got.getJsonObject("page_info").getInteger("total_num") == 2);
    JsonObject info = first.getJsonObject("page_info");
    assertThat(info.getInteger("page_total")).isEqualTo(2);
    assertThat(info.getInteger("current_page")).isEqualTo(1);
    String key = info.getString("page_key");

    JsonObject second = stat(c, "getonlinelist", "productid=" + product + "&page_size=1&page=2&page_key=" + key);

    assertThat(second.getJsonObject("page_info").getInteger("current_page")).isEqualTo(2);
    assertThat(second.getJsonObject("page_info").getString("page_key")).isEqualTo(key);
    assertThat(column(second, "protocoltype")).hasSize(1).doesNotContainAnyElementsOf(column(first, "protocoltype"));
    JsonObject unknown = stat(c, "getonlinelist", "productid=" + product + "&page=2&page_key=no-such-key");
    assertThat(unknown.getInteger("errno")).isEqualTo(EdgeErrno.PAGE_KEY_EXPIRED);
    assertThat(unknown.getString("error")).contains("query the first page again");
  }

  @Test
  void shouldBeWalkedPageByPageByThePlatformsOwnClient(Vertx vertx) {
    PlatformClient client = PlatformClient.create(vertx, new PlatformOptions(a.node.options().platform())
        .setBaseUrl("http://127.0.0.1:" + c.node.httpPort())); // an app written for the cloud, pointed at node c
    try {
      List<StreamSession> viewers = Eventually.value("both viewers walked one page at a time", WAIT,
          () -> Await.result(client.stat().onlineListAll(StatQuery.product(product, 1)).toCompletionStage()),
          got -> got.size() == 2);
      assertThat(viewers).extracting(StreamSession::protocolType).containsExactlyInAnyOrder("HLS", "RTMP");
      List<StreamSession> pushes = Await.result(client.stat().pushListAll(StatQuery.product(product, 1))
          .toCompletionStage());
      assertThat(pushes).extracting(StreamSession::deviceId)
          .contains(hlsChannel.deviceId(), rtmpChannel.deviceId());
    } finally {
      client.close();
    }
  }

  @Test
  void shouldRefuseWithoutTheProductOrTheMasterKey() {
    JsonObject noProduct = stat(c, "getpushlist", "page=1");
    assertThat(noProduct.getInteger("errno")).isEqualTo(EdgeErrno.PARAM_MISSING);
    assertThat(noProduct.getString("error")).contains("productid");

    JsonObject otherProduct = stat(c, "getpushlist", "productid=999" + product);
    assertThat(otherProduct.getInteger("errno")).isEqualTo(EdgeErrno.PARAM_INVALID);

    JsonObject badProtocol = stat(c, "getonlinelist", "productid=" + product + "&protocoltype=DASH");
    assertThat(badProtocol.getInteger("errno")).isEqualTo(EdgeErrno.PARAM_INVALID);
    assertThat(badProtocol.getString("error")).contains("RTMP or HLS");

    JsonObject wrongKey = Await.result(c.http.get(c.node.httpPort(), "127.0.0.1", "/ipc/video/stat/getonlinelist?"
        + "productid=" + product).putHeader("api-key", "not-the-master-key").send().toCompletionStage())
        .bodyAsJsonObject();
    assertThat(wrongKey.getInteger("errno")).isIn(EdgeErrno.AUTH_INVALID, EdgeErrno.AUTH_MASTER_ONLY);
  }

  @Test
  void shouldAnswerPartialWithinTheTimeoutWhenAMemberDoesNotAnswer(Vertx vertx) throws Exception {
    long timeout = c.node.options().cluster().fanoutTimeoutMs();
    try (AutoCloseable frozen = site.silent(vertx, "frozen", HeldStats.TOPIC)) {
      long started = System.nanoTime();
      JsonObject answer = stat(c, "getpushlist", "productid=" + product + "&page_size=1");
      long tookMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(answer.getInteger("errno")).isZero();
      assertThat(answer.getBoolean("partial")).isTrue();
      assertThat(answer.getJsonArray("unavailable_nodes")).containsExactly("frozen");
      assertThat(tookMillis).isBetween(timeout, timeout + timeout / 10);
      String key = answer.getJsonObject("page_info").getString("page_key");
      JsonObject later = stat(c, "getpushlist", "productid=" + product + "&page_size=1&page=2&page_key=" + key);
      assertThat(later.getBoolean("partial")).as("a later page of a partial list").isTrue();
    }
  }
}
