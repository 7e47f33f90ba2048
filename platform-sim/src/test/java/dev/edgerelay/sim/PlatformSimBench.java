package dev.edgerelay.sim;

import dev.edgerelay.sim.server.PlatformSim;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the emulator over loopback: boot_address (no state, the baseline) and play_address requests per
 * second and their latency with a fixed number in flight, and 8 MB object uploads per second. Run:
 * {@code mvn -B -o -q -pl platform-sim -am package -DskipTests}, then {@code java -cp
 * platform-sim/target/test-classes:platform-sim/target/platform-sim.jar:<vertx-web-client, vertx-web-common,
 * vertx-uri-template 5.0.7 jars> dev.edgerelay.sim.PlatformSimBench 5 8} (seconds per phase, requests in flight).
 */
public final class PlatformSimBench {
  private PlatformSimBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    Vertx vertx = Vertx.vertx();
    PlatformSim sim = PlatformSim.start(vertx, new SimOptions().setHttpPort(0).setRtmpPort(0)
        .setCameraMode(CameraMode.NONE).setCameras(10)).await(30, TimeUnit.SECONDS);
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(inFlight));
    String device = sim.state().devices().get(0).id();
    String play = "/ipc/video/play_address?device_id=" + device + "&channel_id=1&protocol_type=1";
    run(vertx, client, sim, play, null, 1, inFlight, "warm-up");
    run(vertx, client, sim, "/ipc/video/boot_address", null, seconds, inFlight, "boot_address");
    run(vertx, client, sim, play, null, seconds, inFlight, "play_address");
    Buffer object = Buffer.buffer(new byte[8 * 1024 * 1024]);
    run(vertx, client, sim, "/ipc/video/file/upload?product_id=100001&name=bench.ts", object, seconds, 2,
        "upload 8 MB");
    client.close();
    sim.close().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static void run(Vertx vertx, WebClient client, PlatformSim sim, String uri, Buffer body, int seconds,
                          int inFlight, String label) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long[] latencies = new long[2_000_000];
    AtomicInteger count = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    AtomicInteger workers = new AtomicInteger(inFlight);
    long start = System.nanoTime();
    for (int w = 0; w < inFlight; w++) {
      vertx.runOnContext(v -> loop(client, sim, uri, body, end, latencies, count, failures, workers, done));
    }
    done.future().await(seconds + 30L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    int n = Math.min(count.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    System.out.printf("%-13s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d requests, %d failed, %d in flight)%n",
        label, count.get() / elapsed, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, count.get(),
        failures.get(), inFlight);
  }

  private static void loop(WebClient client, PlatformSim sim, String uri, Buffer body, long end, long[] latencies,
                           AtomicInteger count, AtomicInteger failures, AtomicInteger workers, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      if (workers.decrementAndGet() == 0) {
        done.complete();
      }
      return;
    }
    long t0 = System.nanoTime();
    var request = client.request(body == null ? HttpMethod.GET : HttpMethod.PUT, sim.httpPort(), "127.0.0.1", uri)
        .putHeader("api-key", sim.masterKey());
    Future<?> sent = body == null ? request.send() : request.sendBuffer(body);
    sent.onComplete(r -> {
      int i = count.getAndIncrement();
      if (i < latencies.length) {
        latencies[i] = System.nanoTime() - t0;
      }
      if (r.failed()) {
        failures.incrementAndGet();
      }
      loop(client, sim, uri, body, end, latencies, count, failures, workers, done);
    });
  }
}
