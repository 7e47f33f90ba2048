package dev.edgerelay.relay.cluster.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.http.NodeAddress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guard against a real HTTP server on a free loopback port, through the real HTTP probe. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class TakeoverGuardTest {
  private static final long INTERVAL = 500;
  private final AtomicInteger probes = new AtomicInteger();
  private HttpServer server;

  /** A node whose /edge/health answers {@code status}, or never when {@code status} is 0 (a frozen process). */
  private NodeAddress node(Vertx vertx, int status) {
    server = Await.result(vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/edge/health")) {
        probes.incrementAndGet();
        if (status != 0) {
          request.response().setStatusCode(status).end("{}");
        }
      } else {
        request.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1").toCompletionStage());
    return new NodeAddress("127.0.0.1", server.actualPort(), 1935);
  }

  @AfterEach
  void close() {
    if (server != null) {
      Await.result(server.close().toCompletionStage());
    }
  }

  private static TakeoverGuard guard(Vertx vertx, long probeTimeout) {
    return new TakeoverGuard(vertx, TakeoverGuard.http(vertx, probeTimeout), 2, INTERVAL);
  }

  private static void assertConfirmedDeadAfterTheInterval(Vertx vertx, NodeAddress node) {
    long start = System.nanoTime();
    assertThat(Await.result(guard(vertx, 500).confirmDead(node).toCompletionStage())).isTrue();
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(tookMillis).isGreaterThanOrEqualTo(INTERVAL).isLessThan(INTERVAL + 5_000);
  }

  @Test
  void shouldFindAHealthyNodeAlive(Vertx vertx) {
    NodeAddress node = node(vertx, 200);
    assertThat(Await.result(guard(vertx, 500).confirmDead(node).toCompletionStage())).isFalse();
    assertThat(probes).hasValue(1);
  }

  @Test
  void shouldConfirmAClosedNodeDeadAfterTwoFailuresAnIntervalApart(Vertx vertx) {
    NodeAddress node = node(vertx, 200);
    Await.result(server.close().toCompletionStage());
    server = null;
    assertConfirmedDeadAfterTheInterval(vertx, node);
  }

  @Test
  void shouldCountANotReadyAnswerAsAFailure(Vertx vertx) {
    NodeAddress node = node(vertx, 503);
    assertConfirmedDeadAfterTheInterval(vertx, node);
    assertThat(probes).hasValue(2);
  }

  @Test
  void shouldCountAnUnansweredProbeAsAFailure(Vertx vertx) {
    NodeAddress node = node(vertx, 0);
    assertThat(Await.result(guard(vertx, 200).confirmDead(node).toCompletionStage())).isTrue();
    assertThat(probes).hasValue(2);
  }

  @Test
  void shouldFindANodeThatRecoversBetweenProbesAlive(Vertx vertx) {
    AtomicInteger calls = new AtomicInteger();
    TakeoverGuard guard = new TakeoverGuard(vertx,
        node -> Future.succeededFuture(calls.incrementAndGet() > 1), 2, 10);
    assertThat(Await.result(guard.confirmDead(new NodeAddress("127.0.0.1", 1, 1)).toCompletionStage())).isFalse();
    assertThat(calls).hasValue(2);
  }
}
