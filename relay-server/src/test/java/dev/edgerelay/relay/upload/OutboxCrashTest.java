package dev.edgerelay.relay.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.PlatformOptions;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.server.PlatformSim;
import dev.edgerelay.sim.SimOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7: the node is killed ({@code kill -9}) mid-upload and restarted: everything completes, nothing
 * twice. The outbox runs in a forked JVM ({@link OutboxNodeMain}); uploads are slowed by the emulator's
 * injected latency so that some are in flight when the kill comes; a proxy counts what the platform accepted.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutboxCrashTest {
  static final int FILES = 10;
  static final long LATENCY_MS = 1_000;

  @TempDir Path data;
  Vertx vertx;
  PlatformSim sim;
  CountingPlatformProxy proxy;
  Process node;

  @BeforeEach
  void start(Vertx injected) throws Exception {
    vertx = injected;
    sim = Await.result(PlatformSim.start(vertx, new SimOptions().setCameras(0).setCameraMode(CameraMode.NONE)
        .setHost("127.0.0.1").setHttpPort(0).setRtmpPort(0)).toCompletionStage());
    proxy = Await.result(CountingPlatformProxy.start(vertx, sim.httpPort()).toCompletionStage());
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null && node.isAlive()) {
      node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    proxy.close();
    Await.result(sim.close().toCompletionStage());
  }

  Process startNode(BlockingQueue<String> lines) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), OutboxNodeMain.class.getName(), data.toString(),
        "http://127.0.0.1:" + proxy.port(), sim.masterKey(), sim.productId()).redirectErrorStream(true).start();
    Thread drain = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          System.out.println("node: " + line);
          lines.add(line);
        }
      } catch (Exception e) {
        lines.add("output failed: " + e);
      }
      lines.add("EXITED");
    }, "outbox-node-output");
    drain.setDaemon(true);
    drain.start();
    return p;
  }

  static String awaitLine(BlockingQueue<String> lines, String prefix) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if ("EXITED".equals(line)) {
        throw new AssertionError("the node exited before printing " + prefix);
      }
    }
    throw new AssertionError("timed out waiting for " + prefix);
  }

  @Test
  void shouldCompleteEverythingOnceAfterAKillMidUpload() throws Exception {
    Path files = Files.createDirectories(data.resolve("files"));
    Random random = new Random(11);
    for (int i = 0; i < FILES; i++) {
      byte[] bytes = new byte[50_000 + random.nextInt(200_000)];
      random.nextBytes(bytes);
      Files.write(files.resolve(String.format("seg-%02d.ts", i)), bytes);
    }
    WebClient control = WebClient.create(vertx);
    JsonObject fault = new JsonObject().put("path_prefix", "/ipc/video/file/upload").put("status", 503)
        .put("rate", 0.0).put("latency_ms", LATENCY_MS);
    assertThat(Await.result(control.postAbs(sim.baseUrl() + "/sim/faults").sendJsonObject(fault).toCompletionStage()).bodyAsJsonObject()
        .getInteger("errno")).isZero();

    BlockingQueue<String> first = new LinkedBlockingQueue<>();
    node = startNode(first);
    awaitLine(first, "QUEUED");
    Eventually.until("two uploads accepted and another in flight", Duration.ofSeconds(60),
        () -> proxy.acceptedTotal() >= 2 && proxy.uploadsInFlight.get() > 0);
    System.out.println("killing with " + proxy.acceptedTotal() + " accepted, " + proxy.uploadsInFlight.get()
        + " in flight");
    node.destroyForcibly(); // SIGKILL: no shutdown hook, the outbox is cut off mid-upload
    assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
    int beforeRestart = proxy.acceptedTotal();
    assertThat(beforeRestart).isLessThan(FILES);

    BlockingQueue<String> second = new LinkedBlockingQueue<>();
    node = startNode(second);
    assertThat(awaitLine(second, "SETTLED")).isEqualTo("SETTLED done=" + FILES + " parked=0");
    Eventually.until("orphaned requests answered", Duration.ofSeconds(60), () -> proxy.uploadsInFlight.get() == 0);
    control.close();

    PlatformClient client = PlatformClient.create(vertx, new PlatformOptions().setBaseUrl(sim.baseUrl())
        .setApiKey(sim.masterKey()).setProductId(sim.productId()));
    List<Path> all;
    try (var listing = Files.list(files)) {
      all = listing.sorted().toList();
    }
    for (Path f : all) {
      String name = "rec/kill/" + f.getFileName();
      assertThat(proxy.acceptedOf(name)).as("uploads of " + name + " the platform accepted").isEqualTo(1);
      byte[] back = Await.result(client.objects().download(name).toCompletionStage()).getBytes();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      assertThat(Arrays.equals(sha.digest(back), MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))))
          .as(name + " bytes").isTrue();
    }
    client.close();
  }
}
