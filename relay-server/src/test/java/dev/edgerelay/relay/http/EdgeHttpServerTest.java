package dev.edgerelay.relay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node's HTTP face on a real socket, without the rest of the node: every failure answers the platform's
 * envelope, whether a route threw, a query failed on a worker, a callback threw after it, or the request never
 * was valid HTTP; media routes carry the failure in the status.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EdgeHttpServerTest {
  static final Duration WITHIN = Duration.ofSeconds(1);
  static EdgeHttpServer server;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    server = new EdgeHttpServer(vertx, new HttpOptions(), () -> new NodeHealth(true, "running", "test", "none", 0));
    // a query that succeeds on a worker, then its answer throws: outside the router, in the future's callback
    server.router().get("/ipc/video/planted/throwing_answer").handler(ctx -> vertx.executeBlocking(() -> "rows")
        .onComplete(RouteAnswer.with(ctx, rows -> {
          throw new IllegalStateException("planted: the page arithmetic overflowed");
        })));
    server.router().get("/ipc/video/planted/failing_query").handler(ctx -> vertx.<String>executeBlocking(() -> {
      throw new java.io.IOException("planted: the index is closed");
    }).onComplete(RouteAnswer.with(ctx, rows -> ApiEnvelope.sendOk(ctx.response(), rows))));
    server.router().get("/ipc/video/planted/bad_key").handler(ctx -> {
      throw new ApiError(200, EdgeErrno.AUTH_INVALID, "unknown api-key").exception();
    });
    server.router().get("/vod/planted/bad_key").handler(ctx -> {
      throw new ApiError(200, EdgeErrno.AUTH_INVALID, "unknown api-key").exception();
    });
    server.router().get("/pictures/planted/missing").handler(ctx -> {
      throw new ApiError(200, EdgeErrno.PICTURE_NOT_FOUND, "no picture named x").exception();
    });
    server.router().get("/rvod/planted/bad_name").handler(ctx -> {
      throw ApiError.invalid("bad rvod name").exception();
    });
    server.router().get("/live/planted/cold").handler(ctx -> {
      throw new ApiError(200, EdgeErrno.CAPACITY, "the edge relays its maximum of channels").exception();
    });
    server.router().put("/ipc/video/planted/put_only").handler(ctx -> ApiEnvelope.sendOk(ctx.response(), null));
    server.finishRoutes();
    port = Await.result(server.listen("127.0.0.1", 0).toCompletionStage());
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(server.close().toCompletionStage());
  }

  static RawHttp.Answer get(String target, String... headers) throws Exception {
    return RawHttp.exchange(port, "GET", target, headers, new byte[0], WITHIN);
  }

  /** The answer is the envelope: JSON, a non-zero errno, a sentence without class names. */
  static JsonObject envelope(RawHttp.Answer answer, int status, int errno) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/json");
    JsonObject json = answer.json();
    assertThat(json.getInteger("errno")).as(answer.body()).isEqualTo(errno);
    assertThat(json.getString("error")).isNotBlank().doesNotContain("Exception").doesNotContain("java.")
        .doesNotContain("io.vertx").doesNotContain("planted:");
    assertThat(answer.took()).isLessThan(WITHIN);
    return json;
  }

  @Test
  void shouldAnswerAFailureThrownInsideACallbackWithTheEnvelopeWithinOneSecond() throws Exception {
    JsonObject json = envelope(get("/ipc/video/planted/throwing_answer"), 500, EdgeErrno.INTERNAL);

    assertThat(json.getString("error")).contains("log");
  }

  @Test
  void shouldAnswerAQueryThatFailedOnAWorkerWithTheEnvelope() throws Exception {
    envelope(get("/ipc/video/planted/failing_query"), 500, EdgeErrno.INTERNAL);
  }

  @Test
  void shouldAnswerAHundredKilobyteQueryWith414AndTheEnvelope() throws Exception {
    String query = "?device_id=" + "9".repeat(100 * 1024);

    JsonObject json = envelope(get("/ipc/video/vod/get_video_list" + query), 414, EdgeErrno.PARAM_INVALID);

    assertThat(json.getString("error")).contains(Integer.toString(HttpOptions.DEFAULT_MAX_INITIAL_LINE_BYTES));
  }

  @Test
  void shouldApplyTheConfiguredLineAndHeaderBounds(Vertx vertx) throws Exception {
    EdgeHttpServer strict = new EdgeHttpServer(vertx, new HttpOptions().setMaxInitialLineBytes(1024)
        .setMaxHeaderBytes(2048), () -> new NodeHealth(true, "running", "test", "none", 0));
    strict.finishRoutes();
    int strictPort = Await.result(strict.listen("127.0.0.1", 0).toCompletionStage());
    try {
      RawHttp.Answer longLine = RawHttp.exchange(strictPort, "GET", "/edge/health?x=" + "y".repeat(2000),
          new String[0], new byte[0], WITHIN);
      RawHttp.Answer bigHeaders = RawHttp.exchange(strictPort, "GET", "/edge/health",
          new String[] {"x-filler: " + "y".repeat(3000)}, new byte[0], WITHIN);
      RawHttp.Answer fits = RawHttp.exchange(strictPort, "GET", "/edge/health?x=" + "y".repeat(900),
          new String[] {"x-filler: " + "y".repeat(1500)}, new byte[0], WITHIN);

      assertThat(envelope(longLine, 414, EdgeErrno.PARAM_INVALID).getString("error")).contains("1024");
      assertThat(envelope(bigHeaders, 431, EdgeErrno.PARAM_INVALID).getString("error")).contains("2048");
      assertThat(fits.status()).isEqualTo(200);
    } finally {
      Await.result(strict.close().toCompletionStage());
    }
  }

  @Test
  void shouldAnswerATwentyKilobyteHeaderWith431AndTheEnvelope() throws Exception {
    JsonObject json = envelope(get("/ipc/video/vod/get_video_list", "api-key: " + "k".repeat(20 * 1024)), 431,
        EdgeErrno.PARAM_INVALID);

    assertThat(json.getString("error")).contains("headers");
  }

  @Test
  void shouldAnswerABadPercentEscapeWith400AndTheEnvelope() throws Exception {
    envelope(get("/ipc/video/%zz"), 400, EdgeErrno.PARAM_INVALID);
    envelope(get("/vod/%zz/index.m3u8"), 400, EdgeErrno.PARAM_INVALID);
  }

  @Test
  void shouldAnswerARequestThatIsNotHttpWith400AndTheEnvelope() throws Exception {
    RawHttp.Answer answer = RawHttp.send(port, "GET /edge/health HTTP/1.1\r\nno colon here\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1), WITHIN);

    envelope(answer, 400, EdgeErrno.PARAM_INVALID);
  }

  @Test
  void shouldAnswerApiErrorsWith200AndMediaErrorsWithTheirStatus() throws Exception {
    envelope(get("/ipc/video/planted/bad_key"), 200, EdgeErrno.AUTH_INVALID);
    envelope(get("/vod/planted/bad_key"), 403, EdgeErrno.AUTH_INVALID);
    envelope(get("/pictures/planted/missing"), 404, EdgeErrno.PICTURE_NOT_FOUND);
    envelope(get("/rvod/planted/bad_name"), 400, EdgeErrno.PARAM_INVALID);
    envelope(get("/live/planted/cold"), 503, EdgeErrno.CAPACITY);
    envelope(get("/live_preview/no/such/route"), 404, EdgeErrno.NOT_FOUND);
  }

  @Test
  void shouldAnswerAWrongMethodWith405AndTheEnvelope() throws Exception {
    assertThat(envelope(RawHttp.exchange(port, "DELETE", "/edge/health", new String[0], new byte[0], WITHIN), 405,
        EdgeErrno.METHOD_NOT_ALLOWED).getString("error")).as("says which method to use").endsWith(": use GET");
    assertThat(envelope(get("/ipc/video/planted/put_only"), 405, EdgeErrno.METHOD_NOT_ALLOWED).getString("error"))
        .endsWith(": use PUT");
  }
}
