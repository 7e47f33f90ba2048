package dev.edgerelay.relay.bench;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.EncodedStreams;
import dev.edgerelay.media.testing.SettableClock;
import dev.edgerelay.relay.hub.HubOptions;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.thumbnail.ClipSource;
import dev.edgerelay.relay.thumbnail.Thumbnail;
import dev.edgerelay.relay.thumbnail.ThumbnailOptions;
import dev.edgerelay.relay.thumbnail.Thumbnailer;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Thumbnail latency and throughput on a running 720p stream (target p50 under 50 ms). A clip
 * encoded with libopenh264 is replayed into a hub stream, one keyframe every {@link #KEYFRAME_EVERY_MILLIS};
 * the cache's clock jumps an hour per reading, so every request decodes a keyframe. Not a unit test (the
 * name keeps it out of the default run). {@link #main} runs it from any classpath; in the reactor, where
 * sibling modules are not installed, run it through surefire and read
 * {@code relay-server/target/surefire-reports/*ThumbnailBenchmark-output.txt}:
 * <pre>
 * mvn -B -o -q -pl relay-server -am test -Dtest=ThumbnailBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
public class ThumbnailBenchmark {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 720;
  private static final int FPS = 25;
  private static final int FRAMES = Integer.getInteger("bench.frames", 100);
  private static final long KEYFRAME_EVERY_MILLIS = 1_000;
  private static final int WARMUP = Integer.getInteger("bench.warmup", 40);
  private static final int SEQUENTIAL = Integer.getInteger("bench.sequential", 300);
  private static final int CONCURRENT = Integer.getInteger("bench.concurrent", 400);
  private static final int WORKERS = Integer.getInteger("bench.workers", 2);
  /** Requests in flight in the throughput run: enough to keep every worker busy, under the queue bound. */
  private static final int IN_FLIGHT = WORKERS * 4;
  private static final StreamKey KEY = new StreamKey("1001", 1);

  @Test
  void measure() throws Exception {
    main(new String[0]);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("thumbnail-bench");
    long t0 = System.nanoTime();
    List<MediaUnit> keyframes = keyframes(EncodedStreams.recordWithJavaCv(dir.resolve("clip.flv"), FRAMES, FPS, WIDTH,
        HEIGHT));
    System.out.printf("clip: %d frames %dx%d, %d keyframes, encoded in %d ms%n", FRAMES, WIDTH, HEIGHT,
        keyframes.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    Vertx vertx = Vertx.vertx();
    // every read an hour later: no cached image is ever fresh, so each request decodes
    SettableClock stale = SettableClock.stepping(3_600_000, 3_600_000);
    StreamHub hub = new StreamHub(vertx, new HubOptions(), k -> new ClipSource(vertx, keyframes, 1, KEYFRAME_EVERY_MILLIS), Clock.systemUTC());
    Thumbnailer thumbnails = new Thumbnailer(vertx, hub, new ThumbnailOptions().setWorkers(WORKERS).setQueue(64),
        60_000, stale);
    try {
      Thumbnail first = Await.result(thumbnails.thumbnail(KEY, 0).toCompletionStage()); // starts the stream and waits for its first keyframe
      System.out.printf("first image: %dx%d, %d bytes%n", first.width(), first.height(), first.jpeg().length);
      sequential(thumbnails, WARMUP, 0);
      report("latency, full 1280x720, one at a time", sequential(thumbnails, SEQUENTIAL, 0));
      report("latency, width=320, one at a time", sequential(thumbnails, SEQUENTIAL, 320));
      throughput(thumbnails);
    } finally {
      Await.result(thumbnails.close().toCompletionStage());
      Await.result(hub.close().toCompletionStage());
      Await.result(vertx.close().toCompletionStage());
      keyframes.forEach(MediaUnit::release);
    }
  }

  private static List<MediaUnit> keyframes(Path flv) throws Exception {
    List<MediaUnit> keys = new ArrayList<>();
    for (MediaUnit u : EncodedStreams.readUnits(flv)) {
      if (u.track() == Track.VIDEO && u.keyframe()) {
        keys.add(u);
      } else {
        u.release();
      }
    }
    return keys;
  }

  private static long[] sequential(Thumbnailer thumbnails, int count, int width) throws Exception {
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      Await.result(thumbnails.thumbnail(KEY, width).toCompletionStage());
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  private static void throughput(Thumbnailer thumbnails) throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicInteger failed = new AtomicInteger();
    long before = thumbnails.decodes();
    long start = System.nanoTime();
    for (int i = 0; i < CONCURRENT; i++) {
      inFlight.acquire();
      // distinct widths: nothing coalesces, every request is its own decode
      thumbnails.thumbnail(KEY, 640 + 2 * (i % 64)).onComplete(ar -> {
        if (ar.failed()) {
          failed.incrementAndGet();
        }
        inFlight.release();
      });
    }
    inFlight.acquire(IN_FLIGHT);
    double seconds = (System.nanoTime() - start) / 1e9;
    long decodes = thumbnails.decodes() - before;
    int cores = Math.min(WORKERS, Runtime.getRuntime().availableProcessors());
    System.out.printf("throughput: %d requests, %d decodes, %d failed in %.2f s with %d workers on %d cores:"
            + " %.1f thumbnails/s, %.1f per core%n", CONCURRENT, decodes, failed.get(), seconds, WORKERS,
        Runtime.getRuntime().availableProcessors(), CONCURRENT / seconds, CONCURRENT / seconds / cores);
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf("%s: n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms%n", what, sorted.length,
        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.90)] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
  }
}
