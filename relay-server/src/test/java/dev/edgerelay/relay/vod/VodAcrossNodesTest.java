package dev.edgerelay.relay.vod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpClientException;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.relay.testing.VodSite;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
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
 * VOD across nodes (docs/architecture.md, "Cluster: VOD across nodes"): three nodes on one Vert.x (one event bus),
 * node a's emulator the platform of all. One channel is recorded on a, then on b with a handoff's overlap (b starts
 * before a stops), and node c, which holds nothing, answers for both: the list in time order with URLs at the
 * holders, by-id calls on the holder, and one rvod playlist across both nodes that ffprobe reads end to end.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class VodAcrossNodesTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final ZoneId ZONE = ZoneId.systemDefault();
  @TempDir static Path dirA;
  @TempDir static Path dirB;
  @TempDir static Path dirC;
  static VodSite site = new VodSite();
  static TestNode a;
  static TestNode b;
  static TestNode c;
  static ChannelRef channel;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    a = TestNode.start(vertx, dirA, o -> recording(o.setSim(o.sim().setCameras(1).setCameraMode(CameraMode.LOOP))),
        (v, o) -> EdgeNode.start(v, o, site.member("a")));
    String platform = a.node.platformUrl();
    b = TestNode.start(vertx, dirB, o -> recording(o.setPlatformUrl(platform)),
        (v, o) -> EdgeNode.start(v, o, site.member("b")));
    c = TestNode.start(vertx, dirC, o -> recording(o.setPlatformUrl(platform)),
        (v, o) -> EdgeNode.start(v, o, site.member("c")));
    StreamKey key = a.channels().get(0);
    channel = new ChannelRef(key.deviceId(), key.channelId());

    // a records, b starts before a stops (the overlap of a handoff), then b alone
    Await.result(a.node.recorder().start(channel).toCompletionStage());
    Eventually.until("two segments on a", WAIT, () -> segments(a).size() >= 2);
    Await.result(b.node.recorder().start(channel).toCompletionStage());
    Eventually.until("a segment on b", WAIT, () -> segments(b).size() >= 1);
    Await.result(a.node.recorder().stop(channel).toCompletionStage());
    Eventually.until("three segments on b", WAIT, () -> segments(b).size() >= 3);
    Await.result(b.node.recorder().stop(channel).toCompletionStage());
  }

  static dev.edgerelay.relay.config.NodeOptions recording(dev.edgerelay.relay.config.NodeOptions o) {
    o.recorder().setSegmentMs(2000).setMinFreeMb(0);
    return o.setHub(o.hub().setIdleTimeoutMillis(2000));
  }

  @AfterAll
  static void stop() throws Exception {
    for (TestNode node : new TestNode[] {c, b, a}) {
      if (node != null) {
        node.close();
      }
    }
  }

  static List<SegmentRecord> segments(TestNode node) {
    return node.node.recorder().catalog().segments(channel, 0, Long.MAX_VALUE);
  }

  static String http(TestNode node) {
    return "127.0.0.1:" + node.node.httpPort();
  }

  static HttpResponse<Buffer> get(String url) {
    return Await.result(c.http.getAbs(url).putHeader("api-key", a.node.options().platform().apiKey()).send()
        .toCompletionStage());
  }

  static JsonObject api(TestNode node, String pathAndQuery) {
    return get("http://" + http(node) + VodApiRoutes.BASE + pathAndQuery).bodyAsJsonObject();
  }

  static String ids() {
    return "device_id=" + channel.deviceId() + "&channel_id=" + channel.channelId();
  }

  @Test
  void shouldListBothNodesVideosInTimeOrderOnAThirdNodeWithUrlsAtTheirHolders() {
    JsonObject answer = api(c, "get_video_list?" + ids() + "&page_size=100");

    assertThat(answer.getInteger("errno")).isZero();
    assertThat(answer.containsKey("partial")).isFalse();
    JsonArray videos = answer.getJsonObject("data").getJsonArray("videos");
    long held = a.node.recorder().catalog().videos(channel).size() + b.node.recorder().catalog().videos(channel).size();
    assertThat(answer.getJsonObject("page_info").getLong("total_num")).isEqualTo(held);
    assertThat(videos).hasSize((int) held);
    List<Long> starts = new ArrayList<>();
    List<String> holders = new ArrayList<>();
    for (int i = 0; i < videos.size(); i++) {
      JsonObject v = videos.getJsonObject(i);
      starts.add(Long.parseLong(v.getString("video_id")));
      String hls = v.getString("hls_url");
      holders.add(hls.substring("http://".length(), hls.indexOf("/vod/")));
      HttpResponse<Buffer> playlist = get(hls);
      assertThat(playlist.statusCode()).as(hls).isEqualTo(200);
      assertThat(playlist.bodyAsString()).startsWith("#EXTM3U");
    }
    assertThat(starts).isSorted();
    assertThat(holders).containsExactly(http(a), http(b)); // one video per node: each recorded one session

    JsonObject second = api(c, "get_video_list?" + ids() + "&page_size=1&page_start=2");
    assertThat(second.getJsonObject("data").getJsonArray("videos").getJsonObject(0).getString("video_id"))
        .isEqualTo(videos.getJsonObject(1).getString("video_id"));
    assertThat(second.getJsonObject("page_info").getLong("page_total")).isEqualTo(held);
    JsonObject tooDeep = api(c, "get_video_list?" + ids() + "&page_size=10&page_start=1001");
    assertThat(tooDeep.getString("error")).contains("narrow start_time and end_time");
  }

  @Test
  void shouldActOnTheHolderForInfoRenameAndPlayToken() throws Exception {
    long onB = b.node.recorder().catalog().videos(channel).get(0).videoId();
    long onA = a.node.recorder().catalog().videos(channel).get(0).videoId();

    JsonObject info = api(c, "get_video_info?" + ids() + "&video_id=" + onB).getJsonObject("data");
    assertThat(info.getString("hls_url")).startsWith("http://" + http(b) + "/vod/");
    assertThat(info.getString("durtion")).isNotBlank();

    HttpResponse<Buffer> renamed = Await.result(c.http.putAbs("http://" + http(c) + VodApiRoutes.BASE + "rename_video?"
        + ids() + "&video_id=" + onA).putHeader("api-key", a.node.options().platform().apiKey())
        .sendJsonObject(new JsonObject().put("name", "from-c")).toCompletionStage());
    assertThat(renamed.bodyAsJsonObject().getInteger("errno")).isZero();
    assertThat(a.node.recorder().catalog().video(channel, onA).orElseThrow().name()).isEqualTo("from-c");

    String token = api(c, "get_play_token?" + ids() + "&video_id=" + onB).getJsonObject("data").getString("token");
    HttpResponse<Buffer> played = Await.result(c.http.getAbs(info.getString("hls_url") + "?" + token).send()
        .toCompletionStage());
    assertThat(played.statusCode()).isEqualTo(200);

    assertThat(api(c, "get_video_info?" + ids() + "&video_id=" + (onA + 1)).getInteger("errno")).isNotZero();
  }

  @Test
  void shouldMergeAnRvodPlaylistAcrossNodesThatFfprobeReadsEndToEnd() throws Exception {
    long from = segments(a).get(0).startMillis();
    long to = segments(b).get(segments(b).size() - 1).endMillis();
    String token = api(c, "get_play_token?" + ids()).getJsonObject("data").getString("token");
    String url = "http://" + http(c) + "/rvod/" + channel + "-" + TimeRange.formatDigits(from, ZONE) + "-"
        + TimeRange.formatDigits(to + 999, ZONE) + "/index.m3u8?" + token;

    String playlist = Await.result(c.http.getAbs(url).send().toCompletionStage()).bodyAsString();

    List<String> uris = playlist.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    assertThat(uris).allMatch(u -> u.startsWith("http://" + http(a) + "/") || u.startsWith("http://" + http(b) + "/"));
    // a discontinuity before each change of node, and the one change from a to b
    List<String> lines = playlist.lines().toList();
    int changes = 0;
    String previous = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String holder = line.substring(0, line.indexOf("/rvod/"));
      if (previous != null && !holder.equals(previous)) {
        changes++;
        assertThat(lines.subList(Math.max(0, i - 3), i)).as(playlist).contains("#EXT-X-DISCONTINUITY");
      }
      previous = holder;
    }
    assertThat(changes).as(playlist).isEqualTo(1);
    assertThat(uris.size()).isLessThan(segments(a).size() + segments(b).size()); // the handoff's overlap left out

    Process ffprobe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-count_packets",
        "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", url).redirectErrorStream(true).start();
    String out = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(ffprobe.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ffprobe.exitValue()).as(out).isZero();
    double seconds = playlist.lines().filter(l -> l.startsWith("#EXTINF:"))
        .mapToDouble(l -> Double.parseDouble(l.substring(8, l.indexOf(',')))).sum();
    assertThat(Long.parseLong(out.lines().reduce((x, y) -> y).orElse("0"))).as(out)
        .isGreaterThanOrEqualTo((long) (seconds * 25 * 0.9)); // 25 fps loop cameras, every segment read
  }

  @Test
  void shouldExportThisNodesPartOfARangeAndNameTheNodesHoldingTheRest() throws Exception {
    long from = segments(a).get(0).startMillis();
    long to = segments(b).get(segments(b).size() - 1).endMillis();
    String query = "/edge/export?" + ids() + "&begin=" + TimeRange.formatDigits(from, ZONE) + "&end="
        + TimeRange.formatDigits(to + 999, ZONE);

    HttpResponse<Buffer> onA = get("http://" + http(a) + query);
    assertThat(onA.statusCode()).isEqualTo(200);
    assertThat(onA.bodyAsBuffer().getString(4, 8)).isEqualTo("ftyp");
    assertThat(onA.getHeader(ExportRoutes.ALSO_HELD_HEADER)).isEqualTo("b=" + http(b));

    HttpResponse<Buffer> onC = get("http://" + http(c) + query);
    assertThat(onC.statusCode()).isEqualTo(404);
    assertThat(onC.bodyAsJsonObject().getString("error")).contains("a=" + http(a), "b=" + http(b));

    // RTMP rvod the same way: node c holds nothing of the range and names who does
    String token = api(c, "get_play_token?" + ids()).getJsonObject("data").getString("token");
    RtmpClient client = RtmpClient.create(RtmpConfig.defaults());
    try {
      RtmpPull pull = client.play("rtmp://127.0.0.1:" + c.node.lanRtmp().port() + "/rvod/" + channel + "-"
          + TimeRange.formatDigits(from, ZONE) + "-" + TimeRange.formatDigits(to + 999, ZONE) + "?" + token,
          MediaMessage::release);
      RtmpClientException refused = RecordedRtmpPlayTest.failure(pull);
      assertThat(refused.statusCode()).isEqualTo(NetStatus.PLAY_STREAM_NOT_FOUND);
      assertThat(refused.getMessage()).contains("a=" + http(a), "b=" + http(b));
    } finally {
      client.close();
    }
  }

  @Test
  void shouldListPicturesOfEveryNodeByTimeAndFindEachOnItsHolder() {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
    long now = System.currentTimeMillis();
    Await.result(b.node.snapshots().store(channel, "older-on-b", "jpg", "", jpeg, false, now - 2000).toCompletionStage());
    Await.result(a.node.snapshots().store(channel, "newer-on-a", "jpg", "", jpeg, false, now - 1000).toCompletionStage());

    JsonArray listed = get("http://" + http(c) + "/ipc/video/picture/get_list?" + ids() + "&page_size=10")
        .bodyAsJsonObject().getJsonArray("data");

    assertThat(listed.stream().map(p -> ((JsonObject) p).getString("name"))).containsExactly("older-on-b", "newer-on-a");
    assertThat(listed.getJsonObject(0).getString("url")).startsWith("http://" + http(b) + "/pictures/");
    assertThat(get(listed.getJsonObject(1).getString("url")).bodyAsBuffer().getBytes()).isEqualTo(jpeg);
    JsonObject info = get("http://" + http(c) + "/ipc/video/picture/get_info?" + ids() + "&name=newer-on-a")
        .bodyAsJsonObject();
    assertThat(info.getJsonObject("data").getString("url")).startsWith("http://" + http(a) + "/pictures/");
    HttpResponse<Buffer> deleted = Await.result(c.http.deleteAbs("http://" + http(c)
        + "/ipc/video/picture/delete_picture?" + ids() + "&name=older-on-b")
        .putHeader("api-key", a.node.options().platform().apiKey()).send().toCompletionStage());
    assertThat(deleted.bodyAsJsonObject().getInteger("errno")).isZero();
    assertThat(b.node.snapshots().store().find(channel, "older-on-b")).isEmpty();
  }

  @Test
  void shouldAnswerPartialWithinTheTimeoutWhenAMemberDoesNotAnswer(Vertx vertx) throws Exception {
    long timeout = c.node.options().cluster().fanoutTimeoutMs();
    try (AutoCloseable frozen = site.silent(vertx, "frozen", HeldRecordings.TOPIC)) {
      long started = System.nanoTime();
      JsonObject answer = api(c, "get_video_list?" + ids() + "&page_size=100");
      long tookMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(answer.getInteger("errno")).isZero();
      assertThat(answer.getBoolean("partial")).isTrue();
      assertThat(answer.getJsonArray("unavailable_nodes")).containsExactly("frozen");
      assertThat(answer.getJsonObject("data").getJsonArray("videos")).hasSize(2);
      assertThat(tookMillis).isBetween(timeout, timeout + timeout / 10);

      site.down("frozen"); // once the site knows it is down, nobody waits for it
      started = System.nanoTime();
      answer = api(c, "get_video_list?" + ids());
      tookMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(answer.getJsonArray("unavailable_nodes")).containsExactly("frozen");
      assertThat(tookMillis).isLessThan(timeout);
    }
  }
}
