package dev.edgerelay.relay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge's OneNET-compatible API for live play, over loopback against a node on its embedded emulator:
 * play_address, QryChannel, QryDevStatus, the api-key rule, and the token on every play URL.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EdgeApiTest {
  @TempDir static Path dataDir;
  static Vertx vertx;
  static EdgeNode node;
  static WebClient http;
  static String deviceId;
  static String deviceKey;
  static String otherDeviceId;

  @BeforeAll
  static void start(Vertx injected) throws Exception {
    vertx = injected;
    int port = TestNode.freePortPair();
    NodeOptions options = new NodeOptions().setHttpPort(port).setRtmpPort(port + 1).setBindHost("127.0.0.1")
        .setDataDir(dataDir.toString());
    options.sim().setHttpPort(0).setRtmpPort(0).setCameras(3).setCameraMode(CameraMode.NONE);
    node = Await.result(EdgeNode.start(vertx, options).toCompletionStage());
    http = WebClient.create(vertx);
    ServedDevice[] devices = node.directory().devices().toArray(ServedDevice[]::new);
    deviceId = devices[0].id();
    deviceKey = devices[0].keys().iterator().next();
    otherDeviceId = devices[1].id();
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(node.close().toCompletionStage());
  }

  static HttpResponse<Buffer> get(String uri, String apiKey) throws Exception {
    var request = http.request(HttpMethod.GET, node.httpPort(), "127.0.0.1", uri);
    if (apiKey != null) {
      request.putHeader("api-key", apiKey);
    }
    return Await.result(request.send().toCompletionStage());
  }

  static JsonObject json(String uri, String apiKey) throws Exception {
    return get(uri, apiKey).bodyAsJsonObject();
  }

  static String master() {
    return node.options().platform().apiKey();
  }

  @Test
  void shouldAnswerPlayAddressWithThisNodesAddressesAndASignedToken() throws Exception {
    JsonObject rtmp = json("/ipc/video/play_address?device_id=" + deviceId + "&channel_id=1&protocol_type=0", master());
    JsonObject hls = json("/ipc/video/play_address?device_id=" + deviceId + "&channel_id=1&protocol_type=1", deviceKey);

    assertThat(rtmp.getInteger("errno")).isZero();
    assertThat(rtmp.getJsonObject("data").getString("addr")).isEqualTo("127.0.0.1:" + node.options().rtmpPort());
    assertThat(rtmp.getJsonObject("data").getString("type")).isEqualTo("rtmp");
    assertThat(rtmp.getJsonObject("data").getString("accessToken")).isNotBlank();
    assertThat(hls.getJsonObject("data").getString("addr")).isEqualTo("127.0.0.1:" + node.httpPort());
    assertThat(hls.getJsonObject("data").getString("type")).isEqualTo("http");
    assertThat(hls.getJsonObject("data").getString("coveraddr")).isEqualTo("127.0.0.1:" + node.httpPort());
  }

  @Test
  void shouldAnswerPlayAddressErrorsWithTheSpecsErrnos() throws Exception {
    String base = "/ipc/video/play_address?device_id=" + deviceId;

    assertThat(json(base + "&channel_id=99&protocol_type=0", master()).getInteger("errno")).isEqualTo(3);
    assertThat(json("/ipc/video/play_address?device_id=nosuch&channel_id=1&protocol_type=0", master())
        .getInteger("errno")).isEqualTo(3);
    JsonObject badProtocol = json(base + "&channel_id=1&protocol_type=9", master());
    assertThat(badProtocol.getInteger("errno")).isEqualTo(1);
    assertThat(badProtocol.getString("error")).contains("protocol_type");
    assertThat(json(base + "&protocol_type=0", master()).getString("error")).contains("required");
    assertThat(json(base + "&channel_id=1&protocol_type=0&timeout=soon", master()).getString("error"))
        .contains("timeout");
  }

  @Test
  void shouldAnswerErrno4ForADeviceThePlatformReportsOffline() throws Exception {
    String sim = node.embeddedSim().baseUrl();
    String third = node.directory().devices().stream().skip(2).findFirst().orElseThrow().id();
    Await.result(http.postAbs(sim + "/sim/devices/" + third + "/offline").send().toCompletionStage());
    Await.result(node.directory().refresh().toCompletionStage());

    JsonObject answer = json("/ipc/video/play_address?device_id=" + third + "&channel_id=1&protocol_type=0", master());

    assertThat(answer.getInteger("errno")).isEqualTo(4);
    assertThat(answer.getString("error")).contains("offline");
  }

  @Test
  void shouldApplyThePlatformsApiKeyRule() throws Exception {
    String uri = "/ipc/video/play_address?device_id=" + otherDeviceId + "&channel_id=1&protocol_type=0";

    assertThat(json(uri, null).getInteger("errno")).isEqualTo(EdgeErrno.AUTH_MISSING);
    assertThat(json(uri, "not-a-key").getInteger("errno")).isEqualTo(EdgeErrno.AUTH_INVALID);
    JsonObject otherDevice = json(uri, deviceKey);
    assertThat(otherDevice.getInteger("errno")).isEqualTo(EdgeErrno.AUTH_OTHER_DEVICE);
    assertThat(otherDevice.getString("error")).contains("master key");
  }

  @Test
  void shouldListChannelsUnderResultAsQryChannelDoes() throws Exception {
    JsonObject answer = json("/ipc/video/device/QryChannel?device_id=" + deviceId, deviceKey);

    assertThat(answer.getInteger("errno")).isZero();
    assertThat(answer.getJsonArray("result")).isNotEmpty();
    assertThat(answer.getJsonArray("result").getJsonObject(0).getInteger("channel_id")).isEqualTo(1);
    assertThat(json("/ipc/video/device/QryChannel", master()).getInteger("errno")).isEqualTo(EdgeErrno.PARAM_MISSING);
    assertThat(json("/ipc/video/device/QryChannel?device_id=nosuch", master()).getInteger("errno"))
        .isEqualTo(EdgeErrno.DEVICE_NOT_FOUND);
  }

  @Test
  void shouldAnswerQryDevStatusForAtMostThirtyIds() throws Exception {
    JsonObject answer = json("/ipc/video/device/QryDevStatus?devIds=" + deviceId + "," + otherDeviceId, master());
    String thirtyOne = IntStream.range(0, 31).mapToObj(Integer::toString).collect(Collectors.joining(","));

    assertThat(answer.getJsonObject("result").getInteger("total_count")).isEqualTo(2);
    assertThat(answer.getJsonObject("result").getJsonArray("devices").getJsonObject(0).getBoolean("online")).isTrue();
    assertThat(json("/ipc/video/device/QryDevStatus?devIds=" + thirtyOne, master()).getInteger("errno"))
        .isEqualTo(EdgeErrno.PARAM_INVALID);
  }

  @Test
  void shouldRefusePlayUrlsWithoutAValidTokenForThatChannel() throws Exception {
    String token = json("/ipc/video/play_address?device_id=" + deviceId + "&channel_id=1&protocol_type=1", master())
        .getJsonObject("data").getString("accessToken");
    String dir = "/live/live_" + deviceId + "_1";
    String otherDir = "/live/live_" + otherDeviceId + "_1";

    HttpResponse<Buffer> none = get(dir + "/index.m3u8", null);
    HttpResponse<Buffer> foreign = get(otherDir + "/index.m3u8?" + token, null);
    HttpResponse<Buffer> forged = get(dir + "/index.m3u8?" + token.substring(0, token.length() - 2) + "xx", null);
    HttpResponse<Buffer> tooIdle = get(dir + "/preload?token=" + token + "&idle_time=121", null);

    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.bodyAsJsonObject().getInteger("errno")).isEqualTo(EdgeErrno.TOKEN_INVALID);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.bodyAsJsonObject().getString("error")).contains("ask play_address for this channel");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(tooIdle.statusCode()).as("a media route: the status says it").isEqualTo(400);
    assertThat(tooIdle.bodyAsJsonObject().getInteger("errno")).isEqualTo(EdgeErrno.PARAM_INVALID);
    assertThat(tooIdle.bodyAsJsonObject().getString("error")).contains("idle_time");
    assertThat(get("/live/not-a-channel/index.m3u8?" + token, null).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldListChannelsForTheWebUiWithPlayableUrls() throws Exception {
    JsonObject answer = json("/edge/channels", master());

    assertThat(answer.getInteger("errno")).isZero();
    assertThat(answer.getJsonArray("data").size()).isGreaterThanOrEqualTo(3);
    JsonObject first = answer.getJsonArray("data").getJsonObject(0);
    assertThat(first.getString("hls_url")).startsWith("http://127.0.0.1:" + node.httpPort() + "/live/live_")
        .contains("/index.m3u8?");
    ServedDevice device = node.directory().device(first.getString("device_id"));
    assertThat(first.getString("device_title")).as("the console titles a tile with device and channel")
        .isEqualTo(device.device().title());
    assertThat(first.getString("channel_title"))
        .isEqualTo(device.channel(first.getInteger("channel_id")).title());
    assertThat(first.getLong("bytes_in")).as("a channel nobody pulls has received nothing").isZero();
    assertThat(first.getLong("restarts")).isZero();
    assertThat(json("/edge/channels", deviceKey).getJsonArray("data"))
        .allSatisfy(c -> assertThat(((JsonObject) c).getString("device_id")).isEqualTo(deviceId));
  }

  @Test
  void shouldNameTheVersionTheZoneAndWhetherThePlatformAnswersInItsHealth() throws Exception {
    JsonObject health = json("/edge/health", null).getJsonObject("data");

    assertThat(health.getString("version")).as("run from classes: no manifest version").isEqualTo("dev");
    assertThat(health.getString("zone")).isEqualTo(ZoneId.systemDefault().getId());
    assertThat(health.getString("node_id")).isEqualTo(node.health().nodeId());
    assertThat(health.getBoolean("platform_reachable")).as("the emulator answered the directory").isTrue();
    assertThat(health.getString("platform_problem")).isNull();
  }
}
