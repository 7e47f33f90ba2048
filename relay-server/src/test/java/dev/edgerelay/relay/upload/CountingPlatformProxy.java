package dev.edgerelay.relay.upload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback proxy in front of the emulator that counts, per name, the uploads the platform accepted
 * (object storage 15.1 errno 200, picture 5.1 errno 0) and the ones answered 5xx: what "exactly once by
 * name" is measured against, as the emulator's object store simply replaces an object of the same name.
 */
public final class CountingPlatformProxy implements AutoCloseable {
  final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
  public final AtomicInteger serverErrors = new AtomicInteger();
  /** Uploads forwarded to the platform and not answered yet. */
  public final AtomicInteger uploadsInFlight = new AtomicInteger();
  /** {@code [nanoTime, bytes]} of every accepted upload, in order of acceptance. */
  final List<long[]> acceptances = new CopyOnWriteArrayList<>();
  /** {@code [nanoTime, bytes]} of every piece of an upload body as it came off the socket: the wire rate. */
  final List<long[]> arrivals = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final HttpClient client;

  private CountingPlatformProxy(HttpServer server, HttpClient client) {
    this.server = server;
    this.client = client;
  }

  public static Future<CountingPlatformProxy> start(Vertx vertx, int simPort) {
    HttpClient client = vertx.createHttpClient();
    CountingPlatformProxy[] self = new CountingPlatformProxy[1];
    HttpServer server = vertx.createHttpServer().requestHandler(in -> {
      boolean upload = in.method() == HttpMethod.PUT && in.path().endsWith("/upload");
      Buffer received = Buffer.buffer();
      in.handler(piece -> {
        received.appendBuffer(piece);
        if (upload) {
          self[0].arrivals.add(new long[] {System.nanoTime(), piece.length()});
        }
      });
      in.endHandler(v -> forward(in, received, upload, client, simPort, self[0]));
    });
    self[0] = new CountingPlatformProxy(server, client);
    return server.listen(0, "127.0.0.1").map(s -> self[0]);
  }

  /** Sends the whole request on to the emulator and its answer back, counting what was accepted. */
  private static void forward(HttpServerRequest in, Buffer body, boolean upload, HttpClient client, int simPort,
      CountingPlatformProxy self) {
    RequestOptions out = new RequestOptions().setMethod(in.method()).setHost("127.0.0.1").setPort(simPort)
        .setURI(in.uri());
    in.headers().forEach((k, v) -> {
      if (!k.equalsIgnoreCase("host")) {
        out.addHeader(k, v);
      }
    });
    if (upload) {
      self.uploadsInFlight.incrementAndGet();
    }
    client.request(out).compose(r -> r.send(body).compose(resp -> resp.body().map(b -> {
      if (upload) {
        self.uploadsInFlight.decrementAndGet();
      }
      self.count(in.method(), in.path(), in.getParam("name"), resp, b.toString(), body.length());
      in.response().setStatusCode(resp.statusCode()).headers().addAll(resp.headers());
      return in.response().end(b);
    }))).onFailure(err -> in.connection().close());
  }

  private void count(HttpMethod method, String path, String name, HttpClientResponse resp, String body, int bytes) {
    if (resp.statusCode() >= 500) {
      serverErrors.incrementAndGet();
    }
    if (method != HttpMethod.PUT || !path.endsWith("/upload") || name == null || resp.statusCode() != 200) {
      return;
    }
    int errno = new JsonObject(body).getInteger("errno", -1);
    if (errno == 200 || errno == 0) {
      accepted.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
      acceptances.add(new long[] {System.nanoTime(), bytes});
    }
  }

  public int port() {
    return server.actualPort();
  }

  public int acceptedTotal() {
    return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public int acceptedOf(String name) {
    AtomicInteger n = accepted.get(name);
    return n == null ? 0 : n.get();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
