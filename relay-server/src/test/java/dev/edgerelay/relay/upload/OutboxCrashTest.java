package dev.edgerelay.relay.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.PlatformOptions;
import dev.edgerelay.relay.testing.ForkedJvm;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.server.PlatformSim;
import dev.edgerelay.sim.SimOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node is killed ({@code kill -9}) mid-upload and restarted: everything completes, nothing
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
  ForkedJvm node;

  @BeforeEach
  void start(Vertx injected) throws Exception {
    vertx = injected;
    sim = Await.result(PlatformSim.start(vertx, new SimOptions().setCameras(0).setCameraMode(CameraMode.NONE)
        .setHost("127.0.0.1").setHttpPort(0).setRtmpPort(0)).toCompletionStage());
    proxy = Await.result(CountingPlatformProxy.start(vertx, sim.httpPort()).toCompletionStage());
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.kill();
    }
    proxy.close();
    Await.result(sim.close().toCompletionStage());
  }

  ForkedJvm startNode() throws Exception {
    return ForkedJvm.start(OutboxNodeMain.class, "256m", line -> {}, data.toString(), "http://127.0.0.1:" + proxy.port(),
        sim.masterKey(), sim.productId());
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

    node = startNode();
    node.awaitLine("QUEUED");
    Eventually.until("two uploads accepted and another in flight", Duration.ofSeconds(60),
        () -> proxy.acceptedTotal() >= 2 && proxy.uploadsInFlight.get() > 0);
    System.out.println("killing with " + proxy.acceptedTotal() + " accepted, " + proxy.uploadsInFlight.get()
        + " in flight");
    node.kill(); // SIGKILL: no shutdown hook, the outbox is cut off mid-upload
    assertThat(node.process.isAlive()).isFalse();
    int beforeRestart = proxy.acceptedTotal();
    assertThat(beforeRestart).isLessThan(FILES);

    node = startNode();
    assertThat(node.awaitLine("SETTLED")).isEqualTo("SETTLED done=" + FILES + " parked=0");
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
