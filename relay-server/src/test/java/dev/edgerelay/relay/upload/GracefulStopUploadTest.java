package dev.edgerelay.relay.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.catalog.RecorderStorage;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.outbox.ObjectNames;
import dev.edgerelay.recorder.outbox.OutboxItem;
import dev.edgerelay.recorder.outbox.OutboxStats;
import dev.edgerelay.relay.record.RecorderOptions;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.SimOptions;
import dev.edgerelay.sim.StoredObject;
import dev.edgerelay.sim.server.PlatformSim;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop loses no segment for upload: the recorders stop first and their last segments are queued while
 * the outbox is still open, then the outbox closes, then the storage. A restarted node drains what was left.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GracefulStopUploadTest {
  static final ChannelRef CHANNEL = new ChannelRef("10000001", 1); // the emulator's first camera

  @TempDir Path data;
  Vertx vertx;
  PlatformSim sim;
  WebClient control;

  @BeforeEach
  void start(Vertx injected) throws Exception {
    vertx = injected;
    sim = Await.result(PlatformSim.start(vertx, new SimOptions().setCameras(1).setCameraMode(CameraMode.LOOP)
        .setHost("127.0.0.1").setHttpPort(0).setRtmpPort(0)).toCompletionStage());
    control = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    control.close();
    Await.result(sim.close().toCompletionStage());
  }

  TestNode startNode() throws Exception {
    return TestNode.start(vertx, data, options -> {
      options.setPlatformUrl(sim.baseUrl()).platform().setApiKey(sim.masterKey()).setProductId(sim.productId());
      options.recorder().setSegmentMs(1_000).setMinFreeMb(0);
      options.upload().setPolicy(UploadPolicy.ALL).setConcurrency(1).setBackoffMs(50).setBackoffMaxMs(400)
          .setUnknownGraceMs(1_500); // longer than the injected latency: an upload cut off by the stop lands first
      return options;
    });
  }

  @Test
  void shouldQueueEveryRecorderLastSegmentOnAGracefulStopAndUploadItAfterTheRestart() throws Exception {
    // slow uploads: the outbox still holds work when the stop comes
    assertThat(Await.result(control.postAbs(sim.baseUrl() + "/sim/faults").sendJsonObject(new JsonObject()
        .put("path_prefix", "/ipc/video/file/upload").put("status", 503).put("rate", 0.0).put("latency_ms", 700))
        .toCompletionStage()).bodyAsJsonObject().getInteger("errno")).isZero();
    TestNode first = startNode();
    Await.result(first.node.recorder().start(CHANNEL).toCompletionStage());
    Eventually.until("three segments recorded", Duration.ofSeconds(30),
        () -> first.node.recorder().catalog().segments(CHANNEL, 0, Long.MAX_VALUE).size() >= 3);
    first.close(); // graceful: the channel's open segment is committed on the way down

    try (RecorderStorage storage = RecorderStorage.open(data, RecorderOptions.DEFAULT_VIDEO_GAP_MS)) {
      Set<String> queued = new HashSet<>();
      storage.state().outbox().forEach((sequence, value) -> queued.add(OutboxItem.decode(sequence, value).target().name()));
      List<SegmentRecord> segments = storage.catalog().segments(CHANNEL, 0, Long.MAX_VALUE);
      assertThat(segments).hasSizeGreaterThanOrEqualTo(4);
      assertThat(segments).as("every segment on disk, the last one committed by the stop too, is in the outbox")
          .allSatisfy(s -> assertThat(queued).contains(ObjectNames.recording(CHANNEL, s.startMillis())));
    }

    Await.result(control.deleteAbs(sim.baseUrl() + "/sim/faults").send().toCompletionStage());
    TestNode second = startNode(); // the channel resumes recording: stop it, then let the outbox drain
    try {
      Await.result(second.node.recorder().stop(CHANNEL).toCompletionStage());
      OutboxStats settled = Eventually.value("the outbox drained", Duration.ofSeconds(30),
          () -> Await.result(second.node.uploads().stats().toCompletionStage()), s -> s.pending() + s.inFlight() == 0);
      assertThat(settled.parked()).isZero();
      for (SegmentRecord s : second.node.recorder().catalog().segments(CHANNEL, 0, Long.MAX_VALUE)) {
        String name = ObjectNames.recording(CHANNEL, s.startMillis());
        StoredObject object = sim.state().objects().get(sim.productId(), name).orElseThrow(
            () -> new AssertionError(name + " is not at the platform"));
        assertThat(object.data()).as(name + " bytes").isEqualTo(Files.readAllBytes(second.node.recorder().catalog().file(s)));
      }
    } finally {
      second.close();
    }
  }
}
