package dev.edgerelay.relay.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.recorder.outbox.ObjectNames;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.StoredObject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 on a whole node with the embedded emulator: a channel with policy {@code all} uploads every
 * finished segment by itself, an {@code on-request} one uploads a video on {@code POST /edge/upload}, a
 * {@code none} one refuses; {@code GET /edge/outbox} and {@code /edge/metrics} show the figures.
 */
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
  static void start() throws Exception {
    fixture = TestNode.start(dataDir, options -> {
      options.setSimCameras(2).setSimCameraMode("loop").setIdleTimeoutMs(2000);
      options.recorder().setSegmentMs(2000).setMinFreeMb(0);
      options.upload().setPolicy(UploadPolicy.NONE).setBackoffMs(50, 500)
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

  static <T> T await(Future<T> future) throws Exception {
    return TestNode.await(future);
  }

  static void awaitTrue(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      await(Future.future(p -> vertx.setTimer(100, id -> p.complete())));
    }
  }

  static List<StoredObject> objectsOf(ChannelRef c) {
    return node.embeddedSim().state().objects().list(node.options().productId(),
        "rec/" + c.deviceId() + "/" + c.channelId() + "/");
  }

  static JsonObject outbox() throws Exception {
    return call(HttpMethod.GET, "/edge/outbox").bodyAsJsonObject().getJsonObject("data");
  }

  @Test
  void shouldUploadByChannelPolicy() throws Exception {
    await(node.recorder().start(all));
    await(node.recorder().start(onRequest));
    awaitTrue("two segments of the 'all' channel uploaded", () -> objectsOf(all).size() >= 2);
    awaitTrue("a segment of the on-request channel recorded",
        () -> !node.recorder().store().index().videos(onRequest, 0, Long.MAX_VALUE).isEmpty()
            && node.recorder().store().index().videos(onRequest, 0, Long.MAX_VALUE).get(0).segments() >= 1);
    assertThat(objectsOf(onRequest)).as("on-request uploads nothing by itself").isEmpty();

    // every uploaded segment is byte for byte the recorded file, under its deterministic name
    StoredObject first = objectsOf(all).get(0);
    var segment = node.recorder().store().index().firstSegment(all).orElseThrow();
    assertThat(first.name()).isEqualTo(ObjectNames.recording(all, segment.startMillis()));
    assertThat(first.data()).isEqualTo(Files.readAllBytes(node.recorder().store().file(segment)));

    VideoRecord video = node.recorder().store().index().videos(onRequest, 0, Long.MAX_VALUE).get(0);
    JsonObject queued = call(HttpMethod.POST, "/edge/upload?device_id=" + onRequest.deviceId() + "&channel_id="
        + onRequest.channelId() + "&video_id=" + video.videoId()).bodyAsJsonObject();
    assertThat(queued.getInteger("errno")).as(queued.toString()).isZero();
    int count = queued.getJsonObject("data").getInteger("queued");
    assertThat(count).isPositive();
    awaitTrue("the requested video uploaded", () -> objectsOf(onRequest).size() >= count);

    JsonObject refused = call(HttpMethod.POST, "/edge/upload?device_id=" + none.deviceId() + "&channel_id="
        + none.channelId() + "&begin=20200101000000&end=20200102000000").bodyAsJsonObject();
    assertThat(refused.getInteger("errno")).isEqualTo(EdgeErrno.UPLOAD_DISABLED);

    JsonObject figures = outbox();
    assertThat(figures.getInteger("done")).isGreaterThanOrEqualTo(2 + count);
    assertThat(figures.fieldNames()).contains("pending", "in_flight", "parked", "oldest_pending_age_s",
        "bytes_pending", "recent_failures");
    String metrics = call(HttpMethod.GET, "/edge/metrics").bodyAsString();
    assertThat(metrics).contains("edge_outbox_items{state=\"done\"}", "edge_outbox_bytes_pending");
    await(node.recorder().stop(all));
    await(node.recorder().stop(onRequest));
  }

  static HttpResponse<Buffer> call(HttpMethod method, String pathAndQuery) throws Exception {
    return await(http.requestAbs(method, "http://127.0.0.1:" + node.httpPort() + pathAndQuery)
        .putHeader("api-key", node.options().apiKey()).send());
  }
}
