package dev.edgerelay.relay.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.recorder.outbox.ObjectNames;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.StoredObject;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads on a whole node with the embedded emulator: a channel with policy {@code all} uploads every
 * finished segment by itself, an {@code on-request} one uploads a video on {@code POST /edge/upload}, a
 * {@code none} one refuses; {@code GET /edge/outbox} and {@code /edge/metrics} show the figures.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UploadNodeTest {
  @TempDir static Path dataDir;
  static TestNode fixture;
  static Vertx vertx;
  static EdgeNode node;
  static WebClient http;
  // the emulator seeds devices from 10000001; camera 0 has channels 1 and 2, camera 1 channel 1
  static final ChannelRef all = new ChannelRef("10000001", 1);
  static final ChannelRef onRequest = new ChannelRef("10000001", 2);
  static final ChannelRef none = new ChannelRef("10000002", 1);

  @BeforeAll
  static void start(Vertx injected) throws Exception {
    fixture = TestNode.start(injected, dataDir, options -> {
      options.sim().setCameras(2).setCameraMode(CameraMode.LOOP);
      options.hub().setIdleTimeoutMillis(2000);
      options.recorder().setSegmentMs(2000).setMinFreeMb(0);
      options.upload().setPolicy(UploadPolicy.NONE).setBackoffMs(50).setBackoffMaxMs(500)
          .setChannels(all + "=all," + onRequest + "=on-request");
      return options;
    });
    vertx = fixture.vertx;
    node = fixture.node;
    http = fixture.http;
    for (ChannelRef c : List.of(all, onRequest, none)) {
      ServedDevice d = node.directory().device(c.deviceId());
      assertThat(d != null && d.channel(c.channelId()) != null).as(c + " is seeded by the emulator").isTrue();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  static List<StoredObject> objectsOf(ChannelRef c) {
    return node.embeddedSim().state().objects().list(node.options().platform().productId(),
        "rec/" + c.deviceId() + "/" + c.channelId() + "/");
  }

  static JsonObject outbox() throws Exception {
    return call(HttpMethod.GET, "/edge/outbox").bodyAsJsonObject().getJsonObject("data");
  }

  @Test
  void shouldUploadByChannelPolicy() throws Exception {
    Await.result(node.recorder().start(all).toCompletionStage());
    Await.result(node.recorder().start(onRequest).toCompletionStage());
    Eventually.until("two segments of the 'all' channel uploaded", Duration.ofSeconds(60), () -> objectsOf(all).size() >= 2);
    Eventually.until("a segment of the on-request channel recorded", Duration.ofSeconds(60),
        () -> !node.recorder().catalog().videos(onRequest).isEmpty()
            && node.recorder().catalog().videos(onRequest).get(0).segments() >= 1);
    assertThat(objectsOf(onRequest)).as("on-request uploads nothing by itself").isEmpty();

    // every uploaded segment is byte for byte the recorded file, under its deterministic name
    StoredObject first = objectsOf(all).get(0);
    var segment = node.recorder().catalog().segments(all, 0, Long.MAX_VALUE).get(0);
    assertThat(first.name()).isEqualTo(ObjectNames.recording(all, segment.startMillis()));
    assertThat(first.data()).isEqualTo(Files.readAllBytes(node.recorder().catalog().file(segment)));

    VideoRecord video = node.recorder().catalog().videos(onRequest).get(0);
    JsonObject queued = call(HttpMethod.POST, "/edge/upload?device_id=" + onRequest.deviceId() + "&channel_id="
        + onRequest.channelId() + "&video_id=" + video.videoId()).bodyAsJsonObject();
    assertThat(queued.getInteger("errno")).as(queued.toString()).isZero();
    int count = queued.getJsonObject("data").getInteger("queued");
    assertThat(count).isPositive();
    Eventually.until("the requested video uploaded", Duration.ofSeconds(60), () -> objectsOf(onRequest).size() >= count);

    JsonObject refused = call(HttpMethod.POST, "/edge/upload?device_id=" + none.deviceId() + "&channel_id="
        + none.channelId() + "&begin=20200101000000&end=20200102000000").bodyAsJsonObject();
    assertThat(refused.getInteger("errno")).isEqualTo(EdgeErrno.UPLOAD_DISABLED);

    JsonObject figures = outbox();
    assertThat(figures.getInteger("done")).isGreaterThanOrEqualTo(2 + count);
    assertThat(figures.fieldNames()).contains("pending", "in_flight", "parked", "oldest_pending_age_s",
        "bytes_pending", "recent_failures");
    String metrics = call(HttpMethod.GET, "/edge/metrics").bodyAsString();
    assertThat(metrics).contains("edge_outbox_items{state=\"done\"}", "edge_outbox_bytes_pending");
    Await.result(node.recorder().stop(all).toCompletionStage());
    Await.result(node.recorder().stop(onRequest).toCompletionStage());
  }

  /**
   * GIVEN the emulator refuses picture uploads with 413, WHEN a picture marked for upload is stored, THEN it
   * is parked with the reason; once the fault is cleared at the emulator, {@code POST /edge/outbox/retry?id=}
   * sends it again and it arrives once. A parked item can be discarded; bad ids get their own errnos.
   */
  @Test
  void shouldRetryAParkedUploadOnRequestOnceTheCauseIsGone() throws Exception {
    String sim = node.embeddedSim().baseUrl();
    Await.result(http.postAbs(sim + "/sim/faults").sendJsonObject(new JsonObject()
        .put("path_prefix", "/ipc/video/picture/upload").put("status", 413).put("rate", 1.0)).toCompletionStage());
    try {
      storePicture("parked-then-retried");
      storePicture("parked-then-discarded");
      Eventually.until("both pictures parked", Duration.ofSeconds(60), () -> parkedIds().size() == 2);
    } finally {
      Await.result(http.deleteAbs(sim + "/sim/faults").send().toCompletionStage());
    }
    JsonObject parked = outbox().getJsonArray("parked_items").getJsonObject(0);
    assertThat(parked.getString("reason")).contains("413");
    assertThat(parked.getInteger("attempts")).isEqualTo(1);
    long retryId = idOf("parked-then-retried");
    long discardId = idOf("parked-then-discarded");

    JsonObject retried = call(HttpMethod.POST, "/edge/outbox/retry?id=" + retryId).bodyAsJsonObject();
    assertThat(retried.getInteger("errno")).as(retried.toString()).isZero();
    assertThat(retried.getJsonObject("data").getInteger("retried")).isEqualTo(1);
    Eventually.until("the retried picture at the platform", Duration.ofSeconds(60), () -> pictureAtPlatform("parked-then-retried"));
    Eventually.until("its item done", Duration.ofSeconds(60), () -> stateOf("parked-then-retried").equals("done"));
    assertThat(node.embeddedSim().state().pictures().list(onRequest.deviceId(), onRequest.channelId()))
        .filteredOn(p -> p.name().startsWith("parked-then-")).extracting(p -> p.name())
        .as("arrived once; the discarded one never").containsExactly("parked-then-retried");

    assertThat(errno(HttpMethod.POST, "/edge/outbox/discard?id=" + retryId)).isEqualTo(EdgeErrno.OUTBOX_ITEM_NOT_PARKED);
    assertThat(errno(HttpMethod.POST, "/edge/outbox/retry?id=987654321")).isEqualTo(EdgeErrno.OUTBOX_ITEM_NOT_FOUND);
    assertThat(errno(HttpMethod.POST, "/edge/outbox/discard")).isEqualTo(EdgeErrno.PARAM_MISSING);
    assertThat(errno(HttpMethod.POST, "/edge/outbox/discard?id=x")).isEqualTo(EdgeErrno.PARAM_INVALID);
    JsonObject discarded = call(HttpMethod.POST, "/edge/outbox/discard?id=" + discardId).bodyAsJsonObject();
    assertThat(discarded.getInteger("errno")).as(discarded.toString()).isZero();
    assertThat(parkedIds()).doesNotContain(discardId);
    assertThat(Await.result(http.postAbs("http://127.0.0.1:" + node.httpPort() + "/edge/outbox/retry").send().toCompletionStage())
        .bodyAsJsonObject().getInteger("errno")).as("no key").isEqualTo(EdgeErrno.AUTH_MISSING);
  }

  @Test
  void shouldServeMetricsOnlyForTheMasterKeyAsHeaderOrQuery() throws Exception {
    String url = "http://127.0.0.1:" + node.httpPort() + "/edge/metrics";
    assertThat(Await.result(http.getAbs(url).send().toCompletionStage()).bodyAsJsonObject().getInteger("errno")).isEqualTo(EdgeErrno.AUTH_MISSING);
    assertThat(Await.result(http.getAbs(url + "?key=wrong").send().toCompletionStage()).bodyAsJsonObject().getInteger("errno"))
        .isEqualTo(EdgeErrno.AUTH_INVALID);
    HttpResponse<Buffer> scraped = Await.result(http.getAbs(url + "?key=" + node.options().platform().apiKey()).send().toCompletionStage());
    assertThat(scraped.getHeader("content-type")).startsWith("text/plain");
    assertThat(scraped.bodyAsString()).contains("edge_outbox_items{state=\"parked\"}");
  }

  static void storePicture(String name) throws Exception {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9};
    JsonObject stored = Await.result(http.putAbs("http://127.0.0.1:" + node.httpPort() + "/ipc/video/picture/upload?device_id="
        + onRequest.deviceId() + "&channel_id=" + onRequest.channelId() + "&format=jpg&upload=1&name=" + name)
        .putHeader("api-key", node.options().platform().apiKey()).sendBuffer(Buffer.buffer(jpeg)).toCompletionStage()).bodyAsJsonObject();
    assertThat(stored.getInteger("errno")).as(stored.toString()).isZero();
  }

  static List<Long> parkedIds() {
    try {
      return outbox().getJsonArray("parked_items").stream().map(o -> ((JsonObject) o).getLong("id")).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static long idOf(String name) throws Exception {
    return node.uploads().items().toCompletionStage().toCompletableFuture().get().stream()
        .filter(i -> i.target().name().equals(name)).findFirst().orElseThrow().sequence();
  }

  static String stateOf(String name) {
    try {
      return node.uploads().items().toCompletionStage().toCompletableFuture().get().stream()
          .filter(i -> i.target().name().equals(name)).findFirst().orElseThrow().state().wireName();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static boolean pictureAtPlatform(String name) {
    return node.embeddedSim().state().pictures().get(onRequest.deviceId(), onRequest.channelId(), name).isPresent();
  }

  static int errno(HttpMethod method, String pathAndQuery) throws Exception {
    return call(method, pathAndQuery).bodyAsJsonObject().getInteger("errno");
  }

  static HttpResponse<Buffer> call(HttpMethod method, String pathAndQuery) throws Exception {
    return Await.result(http.requestAbs(method, "http://127.0.0.1:" + node.httpPort() + pathAndQuery)
        .putHeader("api-key", node.options().platform().apiKey()).send().toCompletionStage());
  }
}
