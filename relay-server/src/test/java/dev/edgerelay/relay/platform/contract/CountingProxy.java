package dev.edgerelay.relay.platform.contract;

import dev.edgerelay.media.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback HTTP proxy in front of the emulator that counts requests per path, so that a test can
 * tell how many attempts the client made. An optional hook runs before each answer is forwarded, which waits for
 * the hook's future: what a test does there (clear a fault) is done before the client can react to the answer.
 */
final class CountingProxy implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient upstream;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private volatile Function<String, Future<?>> beforeAnswer = path -> Future.succeededFuture();

  private CountingProxy(HttpServer server, HttpClient upstream) {
    this.server = server;
    this.upstream = upstream;
  }

  static Future<CountingProxy> start(Vertx vertx, int targetPort) {
    HttpClient upstream = vertx.createHttpClient();
    CountingProxy[] self = new CountingProxy[1];
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      self[0].counts.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
      RequestOptions options = new RequestOptions().setMethod(request.method()).setHost("127.0.0.1")
          .setPort(targetPort).setURI(request.uri()).setHeaders(request.headers());
      upstream.request(options)
          .compose(out -> out.send(body))
          .compose(in -> in.body().compose(answer -> self[0].beforeAnswer.apply(request.path()).map(v -> {
            request.response().setStatusCode(in.statusCode()).headers().addAll(in.headers());
            request.response().end(answer);
            return answer;
          })))
          .onFailure(e -> request.response().setStatusCode(502).end());
    }));
    self[0] = new CountingProxy(server, upstream);
    return server.listen(0, "127.0.0.1").map(self[0]);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  int count(String path) {
    AtomicInteger n = counts.get(path);
    return n == null ? 0 : n.get();
  }

  void resetCounts() {
    counts.clear();
  }

  void beforeAnswer(Function<String, Future<?>> hook) {
    this.beforeAnswer = hook;
  }

  @Override
  public void close() throws Exception {
    Await.result(server.close().toCompletionStage());
    Await.result(upstream.close().toCompletionStage());
  }
}
