package dev.edgerelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.LoopbackPorts;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The node on its embedded default: one node and its in-process emulator for the whole class. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class EdgeNodeTest {
  @TempDir static Path dataDir;
  static Vertx vertx;
  static EdgeNode node;
  static WebClient http;

  @BeforeAll
  static void startNode() throws Exception {
    vertx = Vertx.vertx();
    int port = TestNode.freePortPair(); // two lone probes may even return the same port
    NodeOptions options = new NodeOptions().setHttpPort(port).setRtmpPort(port + 1).setDataDir(dataDir.toString())
        .setBindHost("127.0.0.1");
    options.sim().setHttpPort(0).setRtmpPort(0).setCameras(2).setCameraMode(CameraMode.NONE);
    node = EdgeNode.start(vertx, options).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> get(String path) throws Exception {
    return http.get(node.httpPort(), "127.0.0.1", path).send().toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldPrintABannerWithHlsAndRtmpAddressesOfEveryChannelItCounts() {
    String banner = new StartupBanner(node).text();
    int channels = node.directory().devices().stream().mapToInt(d -> d.channels().size()).sum();

    assertThat(banner).contains("(embedded emulator: " + node.directory().devices().size() + " devices, " + channels
        + " ");
    assertThat(banner.lines().filter(l -> l.startsWith("  HLS "))).hasSize(channels);
    assertThat(banner.lines().filter(l -> l.startsWith("  RTMP ")))
        .hasSize(channels).allMatch(l -> l.contains("rtmp://127.0.0.1:" + node.options().rtmpPort() + "/live/"));
  }

  @Test
  void shouldNameThePortAndItsOptionWhenAPortIsTaken(@TempDir Path otherData) throws Exception {
    Vertx other = Vertx.vertx();
    try {
      NodeOptions sameHttp = new NodeOptions().setHttpPort(node.httpPort()).setRtmpPort(LoopbackPorts.one())
          .setDataDir(otherData.resolve("a").toString()).setBindHost("127.0.0.1");
      sameHttp.sim().setHttpPort(0).setRtmpPort(0).setCameras(1).setCameraMode(CameraMode.NONE);
      NodeOptions sameRtmp = new NodeOptions().setHttpPort(LoopbackPorts.one()).setRtmpPort(node.options().rtmpPort())
          .setDataDir(otherData.resolve("b").toString()).setBindHost("127.0.0.1");
      sameRtmp.sim().setHttpPort(0).setRtmpPort(0).setCameras(1).setCameraMode(CameraMode.NONE);

      Throwable http = Await.failure(EdgeNode.start(other, sameHttp).toCompletionStage());
      Throwable rtmp = Await.failure(EdgeNode.start(other, sameRtmp).toCompletionStage());

      assertThat(http.getMessage()).isEqualTo("the HTTP server on 127.0.0.1:" + node.httpPort() + " could not listen: "
          + "the port is already in use by another program; stop it or choose another port with --http-port");
      assertThat(rtmp.getMessage()).contains("LAN RTMP server on 127.0.0.1:" + node.options().rtmpPort())
          .endsWith("--rtmp-port");
    } finally {
      Await.result(other.close().toCompletionStage());
    }
  }

  @Test
  void shouldAnswerHealthWithTheEnvelopeOnceReady() throws Exception {
    HttpResponse<Buffer> response = get("/edge/health");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getInteger("errno")).isZero();
    assertThat(body.getString("error")).isEqualTo("succ");
    assertThat(body.getJsonObject("data").getString("status")).isEqualTo("up");
    assertThat(body.getJsonObject("data").getString("platform")).isEqualTo(node.embeddedSim().baseUrl());
  }

  @Test
  void shouldRunUnderTheNameKeptInItsDataDirectoryAsAOneMemberSite() throws Exception {
    String kept = java.nio.file.Files.readString(dataDir.resolve(NodeName.FILE)).trim();
    JsonObject health = get("/edge/health").bodyAsJsonObject().getJsonObject("data");
    JsonObject site = http.get(node.httpPort(), "127.0.0.1", "/edge/cluster")
        .putHeader("api-key", node.options().platform().apiKey()).send().toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonObject("data");
    String metrics = http.get(node.httpPort(), "127.0.0.1", "/edge/metrics?key=" + node.options().platform().apiKey())
        .send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).bodyAsString();

    assertThat(node.ownership().selfName()).isEqualTo(kept).matches("[a-z0-9.-]+-[0-9a-f]{6}");
    assertThat(health.getString("node_id")).isEqualTo(kept);
    assertThat(health.getInteger("members")).isEqualTo(1);
    assertThat(site.getString("self")).isEqualTo(kept);
    assertThat(site.getJsonArray("members")).hasSize(1);
    assertThat(site.getJsonArray("members").getJsonObject(0).getString("http")).isEqualTo("127.0.0.1:" + node.httpPort());
    assertThat(site.getJsonArray("conflicts")).isEmpty();
    assertThat(metrics).contains("edge_cluster_members 1.0");
  }

  @Test
  void shouldStartTheEmbeddedEmulatorWithItsSyntheticCameras() throws Exception {
    HttpResponse<Buffer> devices = http.get(node.embeddedSim().httpPort(), "127.0.0.1", "/devices")
        .putHeader("api-key", node.options().platform().apiKey()).send().toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);

    assertThat(devices.bodyAsJsonObject().getJsonObject("data").getInteger("total_count")).isEqualTo(2);
  }

  @Test
  void shouldAnswerAnUnknownRouteWithTheEnvelopeNotAnHtmlPage() throws Exception {
    HttpResponse<Buffer> response = get("/edge/no-such-thing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject().getInteger("errno")).isNotZero();
    assertThat(response.bodyAsJsonObject().getString("error")).contains("/edge/no-such-thing");
  }

  @Test
  void shouldServeTheWebUiAndHlsJsAtTheRoot() throws Exception {
    HttpResponse<Buffer> page = get("/");
    HttpResponse<Buffer> hlsJs = get("/vendor/hls.min.js");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("edge-relay");
    assertThat(hlsJs.statusCode()).isEqualTo(200);
    assertThat(hlsJs.body().length()).isGreaterThan(100_000);
  }
}
