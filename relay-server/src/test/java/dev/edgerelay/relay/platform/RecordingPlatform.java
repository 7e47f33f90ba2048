package dev.edgerelay.relay.platform;

import dev.edgerelay.media.testing.Await;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that records every request and answers from a script: per path a queue of
 * canned answers, else the platform's plain success envelope. Lets the client's wire format, error
 * mapping and retry rules be tested before (and apart from) the emulator.
 */
final class RecordingPlatform implements AutoCloseable {
  /** What arrived. */
  record Received(HttpMethod method, String path, MultiMap query, String apiKey, String contentType, Buffer body) {}

  /** One scripted answer. */
  record Answer(int status, String contentType, Buffer body) {
    static Answer json(int status, String json) {
      return new Answer(status, "application/json", Buffer.buffer(json));
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
  private final Map<String, Answer> standing = new ConcurrentHashMap<>();

  private RecordingPlatform(HttpServer server) {
    this.server = server;
  }

  static RecordingPlatform start(Vertx vertx) throws Exception {
    RecordingPlatform[] holder = new RecordingPlatform[1];
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      RecordingPlatform self = holder[0];
      self.received.add(new Received(request.method(), request.path(), MultiMap.caseInsensitiveMultiMap()
          .addAll(request.params()), request.getHeader("api-key"), request.getHeader("Content-Type"), body));
      Answer answer = self.next(request.path());
      request.response().setStatusCode(answer.status()).putHeader("Content-Type", answer.contentType()).end(answer.body());
    }));
    holder[0] = new RecordingPlatform(server);
    Await.result(server.listen(0, "127.0.0.1").toCompletionStage());
    return holder[0];
  }

  private Answer next(String path) {
    Deque<Answer> queue = script.get(path);
    if (queue != null) {
      synchronized (queue) {
        if (!queue.isEmpty()) {
          return queue.poll();
        }
      }
    }
    return standing.getOrDefault(path, Answer.json(200, "{\"errno\":0,\"error\":\"succ\",\"data\":{}}"));
  }

  /** Answers {@code path} with these, in order, then with the standing answer. */
  RecordingPlatform script(String path, Answer... answers) {
    Deque<Answer> queue = script.computeIfAbsent(path, p -> new ArrayDeque<>());
    synchronized (queue) {
      queue.addAll(List.of(answers));
    }
    return this;
  }

  /** Answers {@code path} with this whenever nothing is scripted. */
  RecordingPlatform always(String path, Answer answer) {
    standing.put(path, answer);
    return this;
  }

  RecordingPlatform always(String path, JsonObject envelope) {
    return always(path, Answer.json(200, envelope.encode()));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  int port() {
    return server.actualPort();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  Received last() {
    return received.get(received.size() - 1);
  }

  long count(String path) {
    return received.stream().filter(r -> r.path().equals(path)).count();
  }

  void reset() {
    received.clear();
    script.clear();
    standing.clear();
  }

  @Override
  public void close() throws Exception {
    Await.result(server.close().toCompletionStage());
  }
}
