package dev.edgerelay.relay.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.platform.RecordingPlatform.Answer;
import dev.edgerelay.relay.platform.model.Channel;
import dev.edgerelay.relay.platform.model.CommandRequest;
import dev.edgerelay.relay.platform.model.StatQuery;
import dev.edgerelay.relay.platform.model.StreamSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Envelope errors become {@link PlatformException}s with errno, message and endpoint; only idempotent
 * GETs are retried, on connection errors and 5xx; page walkers carry page_key.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class PlatformErrorsAndRetryTest {
  private static final int ATTEMPTS = 3;
  private static Vertx vertx;
  private static RecordingPlatform platform;
  private static PlatformClient client;

  @BeforeAll
  static void start(Vertx injected) throws Exception {
    vertx = injected;
    platform = RecordingPlatform.start(vertx);
    client = PlatformClient.create(vertx, options(platform.baseUrl()));
  }

  private static PlatformOptions options(String baseUrl) {
    return new PlatformOptions().setBaseUrl(baseUrl).setApiKey("m").setProductId("7355").setRetryAttempts(ATTEMPTS)
        .setRetryInitialBackoffMillis(5).setRetryMaxBackoffMillis(20).setRequestTimeoutMillis(2_000).setConnectTimeoutMillis(1_000);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    platform.close();
  }

  @BeforeEach
  void reset() {
    platform.reset();
  }

  private static PlatformException failure(Future<?> call) {
    return catchThrowableOfType(PlatformException.class, () -> Await.result(call.toCompletionStage()));
  }

  @Test
  void shouldCarryErrnoMessageAndEndpointOfANonZeroEnvelope() {
    platform.always("/ipc/video/device/AddChannel",
        Answer.json(200, "{\"errno\":16,\"error\":\"The channel already exists,cannot add again!\"}"));
    PlatformException e = failure(client.channels().add("7", new Channel(1, "a", null)));
    assertThat(e.errno()).isEqualTo(16);
    assertThat(e.platformMessage()).isEqualTo("The channel already exists,cannot add again!");
    assertThat(e.endpoint()).isEqualTo(Endpoint.CHANNEL_ADD);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("2.3", "AddChannel", "errno 16");
  }

  @Test
  void shouldTreatObjectStorageFailuresByStatusAndErrno() {
    platform.always("/ipc/video/file/upload", Answer.json(413, "{\"errno\":413,\"error\":\"resource size is too big\"}"));
    PlatformException tooBig = failure(client.objects().upload("a", null, Buffer.buffer("x")));
    assertThat(tooBig.errno()).isEqualTo(413);
    assertThat(tooBig.httpStatus()).isEqualTo(413);
    assertThat(tooBig.retryable()).isFalse();

    platform.always("/ipc/video/file/upload", Answer.json(400, "{\"errno\":1001,\"error\":\"Invalid name\"}"));
    assertThat(failure(client.objects().upload("a b", null, Buffer.buffer("x"))).errno()).isEqualTo(1001);

    platform.always("/ipc/video/file/upload", Answer.json(503, "{\"errno\":503,\"error\":\"Service unavailable\"}"));
    PlatformException unavailable = failure(client.objects().upload("a", null, Buffer.buffer("x")));
    assertThat(unavailable.retryable()).isTrue();
    assertThat(platform.count("/ipc/video/file/upload")).as("a PUT is never repeated silently").isEqualTo(3);
  }

  @Test
  void shouldMapEveryPlayAddressErrnoOfTheNotes() {
    for (int errno = 1; errno <= 5; errno++) {
      platform.always("/ipc/video/play_address", Answer.json(200, "{\"errno\":" + errno + ",\"error\":\"e" + errno + "\"}"));
      PlatformException e = failure(client.play().address("7", 1, dev.edgerelay.relay.platform.model.ProtocolType.HLS, null));
      assertThat(e.errno()).isEqualTo(errno);
      assertThat(e.platformMessage()).isEqualTo("e" + errno);
      assertThat(e.retryable()).isFalse();
    }
  }

  @Test
  void shouldMapObjectStorageRefusalsTheEmulatorCannotProduce() {
    for (int status : new int[] {403, 405}) {
      platform.always("/ipc/video/file/delete", Answer.json(status, "{\"errno\":" + status + ",\"error\":\"no\"}"));
      PlatformException e = failure(client.objects().delete("a"));
      assertThat(e.errno()).isEqualTo(status);
      assertThat(e.retryable()).isFalse();
    }
  }

  @Test
  void shouldRefuseAnUploadAnsweredWithZeroBecauseItsSuccessIs200() {
    platform.always("/ipc/video/file/upload", Answer.json(200, "{\"errno\":0,\"error\":\"succ\"}"));
    assertThat(failure(client.objects().upload("a", null, Buffer.buffer("x"))).errno()).isZero();
  }

  @Test
  void shouldReportAnAnswerThatIsNotTheEnvelope() {
    platform.always("/ipc/video/boot_address", new Answer(200, "text/html", Buffer.buffer("<html>hi</html>")));
    PlatformException e = failure(client.deviceStatus().bootAddress());
    assertThat(e.errno()).isEqualTo(PlatformException.ERRNO_MALFORMED);
    assertThat(e.platformMessage()).contains("<html>");

    platform.always("/ipc/video/device/DelChannel", new Answer(502, "text/html", Buffer.buffer("bad gateway")));
    PlatformException gateway = failure(client.channels().delete("7", 1));
    assertThat(gateway.errno()).isEqualTo(502);
    assertThat(gateway.retryable()).isTrue();
  }

  @Test
  void shouldRetryAnIdempotentGetOn5xxUntilItSucceeds() throws Exception {
    platform.script("/ipc/video/vod/get_play_token", Answer.json(503, "{\"errno\":503,\"error\":\"busy\"}"),
        new Answer(500, "text/plain", Buffer.buffer("oops")));
    platform.always("/ipc/video/vod/get_play_token", Answer.json(200, "{\"errno\":0,\"data\":{\"token\":\"t\"}}"));
    assertThat(Await.result(client.vod().playToken(new dev.edgerelay.relay.platform.model.VideoRef("7", 1,
        "v")).toCompletionStage())).isEqualTo("t");
    assertThat(platform.count("/ipc/video/vod/get_play_token")).isEqualTo(3);
  }

  @Test
  void shouldGiveUpAfterTheConfiguredAttempts() {
    platform.always("/ipc/video/device/QryChannel", Answer.json(503, "{\"errno\":503,\"error\":\"busy\"}"));
    PlatformException e = failure(client.channels().list("7"));
    assertThat(e.errno()).isEqualTo(503);
    assertThat(platform.count("/ipc/video/device/QryChannel")).isEqualTo(ATTEMPTS);
  }

  @Test
  void shouldNotRetryA4xxOrAPlatformErrnoOnAGet() {
    platform.always("/ipc/video/play_address", Answer.json(200, "{\"errno\":4,\"error\":\"device offline\"}"));
    assertThat(failure(client.play().address("7", 1, dev.edgerelay.relay.platform.model.ProtocolType.RTMP, null)).errno())
        .isEqualTo(4);
    platform.always("/devices/7", Answer.json(404, "{\"errno\":404,\"error\":\"not found\"}"));
    assertThat(failure(client.devices().get("7")).errno()).isEqualTo(404);
    assertThat(platform.count("/ipc/video/play_address")).isEqualTo(1);
    assertThat(platform.count("/devices/7")).isEqualTo(1);
  }

  @Test
  void shouldNotRetryAPostOrAStateChangingGet() {
    platform.always("/ipc/video/cmds", Answer.json(500, "{\"errno\":500,\"error\":\"internal\"}"));
    assertThat(failure(client.commands().send(CommandRequest.user("7", 0, Buffer.buffer("x")))).httpStatus()).isEqualTo(500);
    assertThat(platform.count("/ipc/video/cmds")).isEqualTo(1);
    platform.always("/ipc/video/record/record_video", Answer.json(503, "{\"errno\":503,\"error\":\"busy\"}"));
    assertThat(failure(client.product().record("7", 1, true)).errno()).isEqualTo(503);
    assertThat(platform.count("/ipc/video/record/record_video")).as("record_video starts a recording").isEqualTo(1);
  }

  @Test
  void shouldRetryAGetOnConnectionErrorsButNotAPost() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    NetServer slammer = vertx.createNetServer().connectHandler(socket -> {
      connections.incrementAndGet();
      socket.close();
    });
    Await.result(slammer.listen(0, "127.0.0.1").toCompletionStage());
    PlatformClient toSlammer = PlatformClient.create(vertx, options("http://127.0.0.1:" + slammer.actualPort()));
    try {
      PlatformException get = failure(toSlammer.deviceStatus().bootAddress());
      assertThat(get.errno()).isEqualTo(PlatformException.ERRNO_TRANSPORT);
      assertThat(get.retryable()).isTrue();
      assertThat(get.platformMessage()).contains("after 3 attempt(s)");
      assertThat(connections.get()).isEqualTo(ATTEMPTS);
      connections.set(0);
      failure(toSlammer.deviceStatus().activate("7", Buffer.buffer("x")));
      assertThat(connections.get()).isEqualTo(1);
    } finally {
      toSlammer.close();
      Await.result(slammer.close().toCompletionStage());
    }
  }

  @Test
  void shouldFailATimedOutRequestAsATransportError() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    io.vertx.core.http.HttpServer silent = vertx.createHttpServer().requestHandler(request -> requests.incrementAndGet());
    Await.result(silent.listen(0, "127.0.0.1").toCompletionStage());
    PlatformClient impatient = PlatformClient.create(vertx,
        options("http://127.0.0.1:" + silent.actualPort()).setRequestTimeoutMillis(150).setRetryAttempts(2));
    try {
      PlatformException e = failure(impatient.devices().get("1"));
      assertThat(e.errno()).isEqualTo(PlatformException.ERRNO_TRANSPORT);
      assertThat(requests.get()).isEqualTo(2);
    } finally {
      impatient.close();
      Await.result(silent.close().toCompletionStage());
    }
  }

  @Test
  void shouldRefuseCallsBeyondTheWaitQueueInsteadOfQueueingThem() throws Exception {
    io.vertx.core.http.HttpServer silent = vertx.createHttpServer().requestHandler(request -> { });
    Await.result(silent.listen(0, "127.0.0.1").toCompletionStage());
    PlatformClient narrow = PlatformClient.create(vertx, options("http://127.0.0.1:" + silent.actualPort())
        .setMaxConnections(1).setMaxWaitingRequests(1).setRetryAttempts(1).setRequestTimeoutMillis(1_000));
    try {
      // GIVEN one connection to a server that never answers and room for one waiting request,
      // WHEN ten calls start at once, THEN (nearly) all beyond the first two are refused by the pool
      List<Future<?>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(narrow.devices().get(Integer.toString(i)));
      }
      int refused = 0;
      for (Future<?> call : calls) {
        PlatformException e = failure(call);
        assertThat(e.errno()).isEqualTo(PlatformException.ERRNO_TRANSPORT);
        refused += e.platformMessage().contains("queue") ? 1 : 0;
      }
      assertThat(refused).isGreaterThanOrEqualTo(6);
    } finally {
      narrow.close();
      Await.result(silent.close().toCompletionStage());
    }
  }

  @Test
  void shouldWalkStatPagesCarryingThePageKeyOfPageOne() throws Exception {
    String row = "{\"productid\":7355,\"deviceid\":1,\"channelid\":%d,\"protocoltype\":\"RTMP\",\"clientip\":\"1.2.3.4\","
        + "\"onlinetime\":\"00:04:43\",\"fps\":25,\"bandwidth\":9}";
    platform.script("/ipc/video/stat/getonlinelist",
        Answer.json(200, "{\"errno\":0,\"result\":[" + row.formatted(1) + "," + row.formatted(2) + "],"
            + "\"page_info\":{\"total_num\":3,\"page_total\":2,\"page_size\":2,\"current_page\":1,\"page_key\":\"K1\"}}"),
        Answer.json(200, "{\"errno\":0,\"result\":[" + row.formatted(3) + "],"
            + "\"page_info\":{\"total_num\":3,\"page_total\":2,\"page_size\":2,\"current_page\":2,\"page_key\":\"K1\"}}"));
    List<StreamSession> all = Await.result(client.stat().onlineListAll(StatQuery.product("7355", 2)).toCompletionStage());
    assertThat(all).extracting(StreamSession::channelId).containsExactly(1, 2, 3);
    assertThat(all.get(0).peerIp()).isEqualTo("1.2.3.4");
    List<RecordingPlatform.Received> sent = platform.received();
    assertThat(sent.get(0).query().get("page_key")).isNull();
    assertThat(sent.get(1).query().get("page_key")).isEqualTo("K1");
    assertThat(sent.get(1).query().get("page")).isEqualTo("2");
  }

  @Test
  void shouldStopAWalkThatPassesMaxWalkPages() throws Exception {
    PlatformClient bounded = PlatformClient.create(vertx, options(platform.baseUrl()).setMaxWalkPages(2));
    try {
      platform.always("/ipc/video/picture/get_list", Answer.json(200, "{\"errno\":0,\"data\":[{\"name\":\"p\"}],"
          + "\"page_info\":{\"total_num\":100,\"page_total\":100,\"page_size\":1,\"current_page\":1}}"));
      Throwable e = catchThrowableOfType(IllegalStateException.class,
          () -> Await.result(bounded.pictures().listAll(dev.edgerelay.relay.platform.model.PictureQuery.all("7", 1,
              1)).toCompletionStage()));
      assertThat(e).hasMessageContaining("maxWalkPages=2");
    } finally {
      bounded.close();
    }
  }
}
