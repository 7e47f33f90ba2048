package dev.edgerelay.relay.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.catalog.RecorderStorage;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.outbox.ObjectNames;
import dev.edgerelay.recorder.store.SegmentFiles;
import dev.edgerelay.relay.record.RecorderOptions;
import dev.edgerelay.relay.testing.ForkedJvm;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.SimOptions;
import dev.edgerelay.sim.StoredObject;
import dev.edgerelay.sim.server.PlatformSim;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No segment left behind by a crash: a node recording with upload policy {@code all} ({@link UploadingNodeMain}, a
 * forked JVM) is killed with SIGKILL three times mid-recording and mid-upload while the platform fails 30 % of the
 * uploads; a last run drains the outbox. Every segment on disk, including those salvaged from the torn {@code .part}
 * files, is at the platform byte for byte, accepted exactly once by name (counted by {@link CountingPlatformProxy}).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UploadCrashTest {
  static final int KILLS = 3;
  /** Slow enough that uploads are in flight when the kill comes. */
  static final long LATENCY_MS = 300;
  static final double FAILURE_RATE = 0.3;
  /** A {@code .part} this long holds its keyframe and more (the camera sends about 125 kB/s): salvageable. */
  static final long TORN_BYTES = 40_000;
  static final ChannelRef CHANNEL = new ChannelRef("10000001", 1); // the emulator's first camera

  @TempDir Path data;
  Vertx vertx;
  PlatformSim sim;
  CountingPlatformProxy proxy;
  ForkedJvm node;
  final AtomicInteger salvaged = new AtomicInteger();

  @BeforeEach
  void start(Vertx injected) throws Exception {
    vertx = injected;
    sim = Await.result(PlatformSim.start(vertx, new SimOptions().setCameras(1).setCameraMode(CameraMode.LOOP)
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

  @Test
  void shouldUploadEverySegmentOnDiskExactlyOnceAfterThreeKillsWithAFailingPlatform() throws Exception {
    WebClient control = WebClient.create(vertx);
    JsonObject fault = new JsonObject().put("path_prefix", "/ipc/video/file/upload").put("status", 503)
        .put("rate", FAILURE_RATE).put("latency_ms", LATENCY_MS);
    assertThat(Await.result(control.postAbs(sim.baseUrl() + "/sim/faults").sendJsonObject(fault).toCompletionStage())
        .bodyAsJsonObject().getInteger("errno")).isZero();
    control.close();

    for (int kill = 1; kill <= KILLS; kill++) {
      node = startNode("record");
      node.awaitLine("RECORDING");
      int before = proxy.acceptedTotal();
      Eventually.until("two more uploads accepted, another in flight, a segment half written", Duration.ofSeconds(30),
          () -> proxy.acceptedTotal() >= before + 2 && proxy.uploadsInFlight.get() > 0 && partBytes() >= TORN_BYTES);
      System.out.println("kill " + kill + " with " + proxy.acceptedTotal() + " accepted, "
          + proxy.uploadsInFlight.get() + " in flight");
      node.kill(); // SIGKILL: no shutdown hook, a segment half written, an upload cut off
      assertThat(node.process.isAlive()).isFalse();
    }

    node = startNode("drain");
    assertThat(node.awaitLine("SETTLED")).as("everything done, nothing parked").endsWith(" parked=0");
    node.process.destroy(); // SIGTERM: a graceful stop
    assertThat(node.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Eventually.until("orphaned requests answered", Duration.ofSeconds(30), () -> proxy.uploadsInFlight.get() == 0);

    List<SegmentRecord> segments;
    try (RecorderStorage storage = RecorderStorage.open(data, RecorderOptions.DEFAULT_VIDEO_GAP_MS)) {
      segments = storage.catalog().segments(CHANNEL, 0, Long.MAX_VALUE);
      Map<String, StoredObject> objects = sim.state().objects().list(sim.productId(), "rec/").stream()
          .collect(Collectors.toMap(StoredObject::name, Function.identity()));
      assertThat(segments).as("segments recorded over four runs").hasSizeGreaterThan(KILLS * 2);
      for (SegmentRecord s : segments) {
        String name = ObjectNames.recording(CHANNEL, s.startMillis());
        assertThat(objects).as("segment " + name + " at the platform").containsKey(name);
        assertThat(objects.get(name).data()).as(name + " bytes").isEqualTo(Files.readAllBytes(storage.catalog().file(s)));
        assertThat(proxy.acceptedOf(name)).as("uploads of " + name + " the platform accepted").isEqualTo(1);
      }
      assertThat(objects).as("nothing uploaded that is not on disk").hasSameSizeAs(segments);
    }
    assertThat(salvaged.get()).as("torn segments salvaged after the kills").isPositive();
    System.out.println(segments.size() + " segments, " + salvaged.get() + " salvaged after a kill, "
        + proxy.serverErrors.get() + " uploads failed by the platform: all arrived once");
  }

  /** The size of the segment being written, 0 when none is. */
  long partBytes() {
    try (Stream<Path> files = Files.walk(data.resolve("recordings"))) {
      return files.filter(f -> f.toString().endsWith(SegmentFiles.PART_SUFFIX)).mapToLong(f -> f.toFile().length())
          .max().orElse(0);
    } catch (IOException | UncheckedIOException e) { // the part was renamed under the walk
      return 0;
    }
  }

  ForkedJvm startNode(String mode) throws Exception {
    return ForkedJvm.start(UploadingNodeMain.class, "384m", line -> {
      if (line.contains("to its last complete packet")) { // SegmentStore's reconciliation salvaged a torn segment
        salvaged.incrementAndGet();
      }
    }, data.toString(), String.valueOf(TestNode.freePortPair()), "http://127.0.0.1:" + proxy.port(), sim.masterKey(),
        sim.productId(), CHANNEL.deviceId(), String.valueOf(CHANNEL.channelId()), mode);
  }
}
