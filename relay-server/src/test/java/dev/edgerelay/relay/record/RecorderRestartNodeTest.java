package dev.edgerelay.relay.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel recorder whose disk fails under it, end to end on one node and its emulator's loop cameras (RTMP pulls):
 * it is restarted after the (shortened) pause until it records again, its failures show in {@code /edge/channels}
 * and {@code /edge/metrics}, and the other channel records on throughout.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RecorderRestartNodeTest {
  static final Duration WITHIN = Duration.ofSeconds(60);
  @TempDir static Path dataDir;
  static TestNode test;
  static ChannelRef broken;
  static ChannelRef healthy;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    test = TestNode.start(vertx, dataDir, o -> {
      o.sim().setCameras(2).setCameraMode(CameraMode.LOOP);
      o.hub().setIdleTimeoutMillis(2000);
      o.recorder().setSegmentMs(1000).setMinFreeMb(0).setRestartPauseMs(200).setRestartMaxPauseMs(800);
      return o;
    });
    List<StreamKey> channels = test.channels();
    broken = new ChannelRef(channels.get(0).deviceId(), channels.get(0).channelId());
    healthy = channels.stream().filter(k -> !k.deviceId().equals(broken.deviceId())).findFirst()
        .map(k -> new ChannelRef(k.deviceId(), k.channelId())).orElseThrow();
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(test.node.close().toCompletionStage());
  }

  static JsonObject get(String path) {
    return Await.result(test.http.getAbs("http://127.0.0.1:" + test.node.httpPort() + path)
        .putHeader("api-key", test.node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject();
  }

  static String metrics() {
    return Await.result(test.http.getAbs("http://127.0.0.1:" + test.node.httpPort() + "/edge/metrics")
        .putHeader("api-key", test.node.options().platform().apiKey()).send().toCompletionStage()).bodyAsString();
  }

  /** The {@code recording} facts of {@code channel} in {@code /edge/channels}, or null. */
  static JsonObject recording(ChannelRef channel) {
    JsonArray channels = get("/edge/channels").getJsonArray("data");
    for (int i = 0; i < channels.size(); i++) {
      JsonObject c = channels.getJsonObject(i);
      if (c.getString("device_id").equals(channel.deviceId()) && c.getInteger("channel_id") == channel.channelId()) {
        return c.getJsonObject("recording");
      }
    }
    throw new AssertionError(channel + " is not in /edge/channels");
  }

  static void record(ChannelRef channel) {
    assertThat(get("/ipc/video/record/record_video?device_id=" + channel.deviceId() + "&channel_id="
        + channel.channelId() + "&action=1").getInteger("errno")).isZero();
  }

  /** The value of {@code name{...device_id="..."...}} in a scrape, or -1. */
  static double metric(String scrape, String name, ChannelRef channel) {
    return scrape.lines().filter(l -> l.startsWith(name + "{") && l.contains("device_id=\"" + channel.deviceId() + "\"")
        && l.contains("channel_id=\"" + channel.channelId() + "\"")).mapToDouble(l -> Double.parseDouble(
            l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
  }

  @Test
  void shouldRestartARecorderWhoseDiskFailedAfterThePauseWhileTheOtherChannelRecordsOn() throws Exception {
    assertThat(recording(broken)).as("not recording yet").isNull();
    record(broken);
    record(healthy);
    Eventually.until("a segment of each channel", WITHIN,
        () -> recording(broken).getLong("segments") >= 1 && recording(healthy).getLong("segments") >= 1);

    // WHEN the broken channel's directory becomes a file: its open segment cannot be finished, nor a new one opened
    Path dir = test.node.recorder().storage().store().files().channelDir(broken);
    deleteTree(dir);
    Files.writeString(dir, "not a directory");
    JsonObject failing = Eventually.value("the failure in /edge/channels", WITHIN, () -> recording(broken),
        r -> r.getLong("failures") >= 1);
    assertThat(failing.getString("last_failure")).startsWith("cannot ").contains(broken.deviceId());
    long healthyBefore = recording(healthy).getLong("segments");
    Eventually.until("restarts that fail again, with the pause growing", WITHIN,
        () -> recording(broken).getLong("failures") >= 3);
    assertThat(recording(healthy).getLong("segments")).as("the other channel records on").isGreaterThan(healthyBefore);
    assertThat(recording(healthy).getLong("failures")).isZero();
    assertThat(metric(metrics(), "edge_recording_failures_total", broken)).isGreaterThanOrEqualTo(3);

    // THEN once the disk is back, a restart records again
    Files.delete(dir);
    long segmentsBefore = recording(broken).getLong("segments");
    JsonObject recovered = Eventually.value("the broken channel recording again", WITHIN, () -> recording(broken),
        r -> r.getLong("segments") > segmentsBefore);
    assertThat(recovered.getString("state")).isEqualTo("recording");
    assertThat(recovered.getLong("failures")).isGreaterThanOrEqualTo(3);
    assertThat(recovered.getString("next_retry")).isNull();
    assertThat(test.node.recorder().recording(broken)).isTrue();
    String scrape = metrics();
    assertThat(metric(scrape, "edge_recording_segments_total", broken)).isGreaterThan(segmentsBefore);
    assertThat(metric(scrape, "edge_recording_early_cuts_total", healthy)).isZero(); // a disk that keeps up
  }

  static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
