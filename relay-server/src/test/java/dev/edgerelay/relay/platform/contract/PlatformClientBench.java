package dev.edgerelay.relay.platform.contract;


import dev.edgerelay.relay.platform.model.ProtocolType;
import dev.edgerelay.relay.platform.model.VideoQuery;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Throughput and latency of the client against the in-JVM emulator on loopback. Not a unit test
 * (the name keeps it out of the default run); run it with
 * {@code mvn -B -o -q -pl relay-server -am test -Dtest=PlatformClientBench -Dsurefire.failIfNoSpecifiedTests=false}
 * and read {@code relay-server/target/surefire-reports/*PlatformClientBench-output.txt}.
 */
@ExtendWith(VertxExtension.class)
class PlatformClientBench {
  /** A loaded shared machine with paranoid leak detection can be slow: a run gets this long. */
  private static final long RUN_DEADLINE_SECONDS = 180;
  private static final int WARMUP = 1_000;
  private static final int REQUESTS = 2_000;
  /** Concurrent calls; {@code -Dbench.inFlight=1} measures one call at a time. */
  private static final int IN_FLIGHT = Integer.getInteger("bench.inFlight", 16);

  @Test
  void measure(Vertx vertx) throws Exception {
    try (SimFixture fx = SimFixture.start(vertx, 4)) {
      String device = fx.camera(0);
      run(fx, "play_address", () -> fx.client.play().address(device, 1, ProtocolType.HLS, null), WARMUP);
      report("play_address (4.1)", run(fx, "play_address", () -> fx.client.play().address(device, 1, ProtocolType.HLS, null), REQUESTS));
      report("get_video_list (6.2)", run(fx, "get_video_list", () -> fx.client.vod().list(VideoQuery.all(device, 1, 10), 1), REQUESTS));
    }
  }

  /** Keeps {@link #IN_FLIGHT} calls running until {@code count} completed; returns each latency in ns. */
  private static long[] run(SimFixture fx, String name, Supplier<Future<?>> call, int count) throws Exception {
    long[] latencies = new long[count];
    int[] started = {0};
    int[] done = {0};
    Promise<Void> finished = Promise.promise();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      int index = started[0]++;
      long t0 = System.nanoTime();
      call.get().onComplete(r -> {
        latencies[index] = System.nanoTime() - t0;
        if (r.failed()) {
          finished.tryFail(r.cause());
          return;
        }
        if (++done[0] == count) {
          finished.tryComplete();
        } else if (started[0] < count) {
          next[0].run();
        }
      });
    };
    long t0 = System.nanoTime();
    fx.vertx.runOnContext(v -> {
      for (int i = 0; i < Math.min(IN_FLIGHT, count); i++) {
        next[0].run();
      }
    });
    finished.future().toCompletionStage().toCompletableFuture().get(RUN_DEADLINE_SECONDS, TimeUnit.SECONDS);
    long elapsed = System.nanoTime() - t0;
    System.out.printf("%s: %d calls in %d ms%n", name, count, elapsed / 1_000_000);
    long[] withTotal = Arrays.copyOf(latencies, count + 1);
    withTotal[count] = elapsed;
    return withTotal;
  }

  private static void report(String name, long[] latenciesAndTotal) {
    int n = latenciesAndTotal.length - 1;
    long total = latenciesAndTotal[n];
    long[] sorted = Arrays.copyOf(latenciesAndTotal, n);
    Arrays.sort(sorted);
    System.out.printf("BENCH %s: %d calls, %d in flight, %.0f calls/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", name, n,
        IN_FLIGHT, n / (total / 1e9), sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, sorted[n - 1] / 1e6);
  }
}
