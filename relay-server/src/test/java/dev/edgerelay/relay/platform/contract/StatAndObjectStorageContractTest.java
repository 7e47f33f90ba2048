package dev.edgerelay.relay.platform.contract;

import static dev.edgerelay.relay.platform.contract.SimFixture.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.platform.ObjectStorageApi;
import dev.edgerelay.relay.platform.PlatformException;
import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.StatQuery;
import dev.edgerelay.relay.platform.model.StoredObject;
import dev.edgerelay.relay.platform.model.StreamSession;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.SimOptions;
import dev.edgerelay.sim.http.SimError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spec 13 (stat lists with page_key) and 15 (object storage and its status codes) against the emulator. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class StatAndObjectStorageContractTest {
  /** Room for one full 8 MB object and a little more, so that a second big upload fills the store (503). */
  private static final long STORE_BYTES = ObjectStorageApi.MAX_OBJECT_BYTES + 1024 * 1024;
  private static SimFixture fx;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fx = SimFixture.start(vertx, new SimOptions().setCameras(2).setCameraMode(CameraMode.NONE).setCommandStepMillis(20).setObjectStoreMaxBytes(STORE_BYTES));
    String device = fx.camera(0);
    long now = System.currentTimeMillis();
    for (int i = 1; i <= 3; i++) {
      fx.sim.state().stats().putViewer(new dev.edgerelay.sim.StreamSession("v" + i, device, 1, i == 3 ? "HLS" : "RTMP",
          "172.19.3." + i, "H264", "1280 * 720", 25, "", 91392, now - 60_000));
      fx.sim.state().stats().putPush(new dev.edgerelay.sim.StreamSession("p" + i, device, i, "RTMP",
          "172.19.4." + i, "H264", "640 * 480", 25, "AAC", 95230, now - 30_000));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void shouldWalkTheOnlineListWithThePageKeyOfPageOne() throws Exception {
    Page<StreamSession> first = Await.result(fx.client.stat().onlineList(StatQuery.product(fx.sim.productId(), 2),
        1, null).toCompletionStage());
    assertThat(first.items()).hasSize(2);
    assertThat(first.info().pageKey()).isNotBlank();
    assertThat(first.info().pageTotal()).isEqualTo(2);
    List<StreamSession> all = Await.result(fx.client.stat().onlineListAll(StatQuery.product(fx.sim.productId(), 2)).toCompletionStage());
    assertThat(all).extracting(StreamSession::peerIp).containsExactlyInAnyOrder("172.19.3.1", "172.19.3.2", "172.19.3.3");
    assertThat(all.get(0).resolution()).isEqualTo("1280 * 720");
    assertThat(all.get(0).duration()).matches("\\d\\d:\\d\\d:\\d\\d");
    StatQuery hlsOnly = new StatQuery(fx.sim.productId(), null, null, "HLS", 10);
    assertThat(Await.result(fx.client.stat().onlineListAll(hlsOnly).toCompletionStage())).extracting(StreamSession::peerIp).containsExactly("172.19.3.3");
  }

  @Test
  void shouldWalkThePushList() throws Exception {
    List<StreamSession> all = Await.result(fx.client.stat().pushListAll(StatQuery.product(fx.sim.productId(), 1)).toCompletionStage());
    assertThat(all).extracting(StreamSession::channelId).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(all).extracting(StreamSession::peerIp).allMatch(ip -> ip.startsWith("172.19.4."));
  }

  @Test
  void shouldRefuseAnUnknownPageKey() {
    expectError(fx.client.stat().onlineList(StatQuery.product(fx.sim.productId(), 2), 2, "no-such-key"),
        SimError.PAGE_KEY_EXPIRED);
  }

  @Test
  void shouldUploadListDownloadAndDeleteObjects() throws Exception {
    Buffer content = Buffer.buffer("segment-bytes");
    Await.result(fx.client.objects().upload("rec/a.ts", "first", content).toCompletionStage());
    Await.result(fx.client.objects().upload("rec/b.ts", null, content).toCompletionStage());
    assertThat(Await.result(fx.client.objects().download("rec/a.ts").toCompletionStage())).isEqualTo(content);
    Page<StoredObject> page = Await.result(fx.client.objects().list("rec/a.ts", 1, 10).toCompletionStage());
    assertThat(page.items()).extracting(StoredObject::name).containsExactly("rec/a.ts");
    assertThat(page.items().get(0).size()).isEqualTo(content.length());
    assertThat(Await.result(fx.client.objects().listAll(null,
        1).toCompletionStage())).extracting(StoredObject::name).contains("rec/a.ts", "rec/b.ts");
    Await.result(fx.client.objects().delete("rec/a.ts").toCompletionStage());
    expectError(fx.client.objects().download("rec/a.ts"), SimError.OS_NOT_FOUND);
    expectError(fx.client.objects().delete("rec/a.ts"), SimError.OS_NOT_FOUND);
    Await.result(fx.client.objects().delete("rec/b.ts").toCompletionStage());
  }

  @Test
  void shouldSurfaceEachObjectStorageRefusalAsPermanent() {
    PlatformException special = expectError(fx.client.objects().upload("bad name!", null, Buffer.buffer("x")),
        SimError.OS_NAME_SPECIAL);
    assertThat(special.retryable()).isFalse();
    expectError(fx.client.objects().upload("n".repeat(257), null, Buffer.buffer("x")), SimError.OS_NAME_TOO_LONG);
    expectError(fx.client.objects().upload("ok", "d".repeat(1025), Buffer.buffer("x")), SimError.OS_DESC_TOO_LONG);
    PlatformException tooBig = expectError(fx.client.objects().upload("big",
        null, Buffer.buffer(new byte[ObjectStorageApi.MAX_OBJECT_BYTES + 1])), SimError.OS_TOO_LARGE);
    assertThat(tooBig.httpStatus()).isEqualTo(413);
    assertThat(tooBig.retryable()).isFalse();
    PlatformException noKey = expectError(fx.client.withKey(null).objects().list(null, 1, 10), SimError.OS_UNAUTHORIZED);
    assertThat(noKey.httpStatus()).isEqualTo(401);
  }

  @Test
  void shouldSurfaceABadRequestAsPermanent() {
    PlatformException bad = expectError(fx.client.objects().download(""), SimError.OS_BAD_REQUEST);
    assertThat(bad.httpStatus()).isEqualTo(400);
    assertThat(bad.retryable()).isFalse();
  }

  @Test
  void shouldSurfaceServerAndGatewayErrorsAsRetryable() throws Exception {
    for (int status : new int[] {500, 502, 504}) {
      fx.control(HttpMethod.POST, "/sim/faults", new JsonObject().put("path_prefix", "/ipc/video/file/upload")
          .put("status", status).put("rate", 1.0));
      try {
        PlatformException e = SimFixture.failure(fx.client.objects().upload("x", null, Buffer.buffer("x")));
        assertThat(e.errno()).isEqualTo(status);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.retryable()).as("errno " + status).isTrue();
      } finally {
        fx.control(HttpMethod.DELETE, "/sim/faults", null);
      }
    }
  }

  @Test
  void shouldSurfaceAFullStoreAsRetryable() throws Exception {
    Await.result(fx.client.objects().upload("full-1", null, Buffer.buffer(new byte[ObjectStorageApi.MAX_OBJECT_BYTES])).toCompletionStage());
    try {
      PlatformException full = expectError(fx.client.objects().upload("full-2", null,
          Buffer.buffer(new byte[2 * 1024 * 1024])), SimError.OS_UNAVAILABLE);
      assertThat(full.retryable()).isTrue();
    } finally {
      Await.result(fx.client.objects().delete("full-1").toCompletionStage());
    }
  }
}
