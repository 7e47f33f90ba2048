package dev.edgerelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.ChannelKeyPart;
import dev.edgerelay.recorder.index.RocksFamilies;
import dev.edgerelay.recorder.outbox.OutboxItem;
import dev.edgerelay.recorder.outbox.UploadKind;
import dev.edgerelay.recorder.outbox.UploadTarget;
import dev.edgerelay.recorder.state.NodeState;
import dev.edgerelay.recorder.state.OutboxKeys;
import dev.edgerelay.recorder.store.SegmentStore;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge-relay rebuild-index} against a stopped node's data directory: the index is thrown away and built
 * again from the files alone, and a node started on it answers as before: a renamed video keeps its name
 * (get_video_info), a picture keeps its description and instant (picture get_info). What is not derived, the
 * uploads waiting in the outbox and the channels asked to record, comes through whole, also from an index written
 * before the node state had a database of its own.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RebuildIndexTest {
  // the emulator seeds devices from 10000001; camera 0 has channel 1
  static final ChannelRef CHANNEL = new ChannelRef("10000001", 1);
  static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  @TempDir Path dataDir;

  @Test
  void shouldKeepVideoNamesAndPictureMetadataThroughRebuildIndex(Vertx vertx) throws Exception {
    seedRecording();
    JsonObject before;
    try (TestNode node = TestNode.start(vertx, dataDir, o -> o.setSim(o.sim().setCameras(1).setCameraMode(CameraMode.NONE)))) {
      assertThat(call(node, "PUT", "/ipc/video/vod/rename_video?" + ids() + "&video_id=" + START,
          new JsonObject().put("name", "loading bay, night shift").toBuffer()).getInteger("errno")).isZero();
      byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 9, 9, (byte) 0xFF, (byte) 0xD9};
      assertThat(call(node, "PUT", "/ipc/video/picture/upload?" + ids() + "&format=jpg&name=gate&desc=north%20gate",
          Buffer.buffer(jpeg)).getInteger("errno")).isZero();
      before = call(node, "GET", "/ipc/video/picture/get_info?" + ids() + "&name=gate", null).getJsonObject("data");
    }
    deleteTree(dataDir.resolve("index"));

    assertThat(EdgeRelayMain.rebuildIndex(new NodeOptions().setDataDir(dataDir.toString()))).isZero();

    try (TestNode node = TestNode.start(vertx, dataDir, o -> o.setSim(o.sim().setCameras(1).setCameraMode(CameraMode.NONE)))) {
      JsonObject video = call(node, "GET", "/ipc/video/vod/get_video_info?" + ids() + "&video_id=" + START, null);
      assertThat(video.getInteger("errno")).as(video.toString()).isZero();
      assertThat(video.getJsonObject("data").getString("name")).isEqualTo("loading bay, night shift");
      JsonObject picture = call(node, "GET", "/ipc/video/picture/get_info?" + ids() + "&name=gate", null);
      assertThat(picture.getInteger("errno")).as(picture.toString()).isZero();
      before.remove("url"); // the node's new port
      assertThat(picture.getJsonObject("data").copy().put("url", "")).isEqualTo(before.copy().put("url", ""));
      assertThat(picture.getJsonObject("data").getString("desc")).isEqualTo("north gate");
    }
  }

  @Test
  void shouldKeepEveryWaitingUploadAndRecordingIntentThroughRebuildIndex() throws Exception {
    seedRecording();
    List<OutboxItem> waiting = waitingUploads();
    try (NodeState state = NodeState.open(dataDir)) {
      for (OutboxItem item : waiting) {
        state.outbox().put(item.sequence(), item.encode());
      }
      state.intents().set(CHANNEL, true);
    }

    assertThat(EdgeRelayMain.rebuildIndex(new NodeOptions().setDataDir(dataDir.toString()))).isZero();

    try (NodeState state = NodeState.open(dataDir)) {
      assertThat(outbox(state)).containsExactlyElementsOf(waiting);
      assertThat(state.intents().channels()).containsExactly(CHANNEL);
    }
  }

  @Test
  void shouldMoveWaitingUploadsAndIntentsOutOfAnIndexWrittenBeforeTheNodeStateThenRebuild() throws Exception {
    seedRecording();
    List<OutboxItem> waiting = waitingUploads();
    try (RocksFamilies old = RocksFamilies.open(dataDir.resolve("index"), List.of("outbox", "meta"))) {
      for (OutboxItem item : waiting) {
        old.db().put(old.family("outbox"), OutboxKeys.key(item.sequence()), item.encode());
      }
      ByteBuffer intent = ByteBuffer.allocate(1 + ChannelKeyPart.SIZE).put((byte) 0x02); // the old meta layout
      ChannelKeyPart.write(CHANNEL, intent);
      old.db().put(old.family("meta"), intent.array(), new byte[0]);
    }

    assertThat(EdgeRelayMain.rebuildIndex(new NodeOptions().setDataDir(dataDir.toString()))).isZero();

    try (NodeState state = NodeState.open(dataDir)) {
      assertThat(outbox(state)).containsExactlyElementsOf(waiting);
      assertThat(state.intents().channels()).containsExactly(CHANNEL);
    }
  }

  /** Uploads of the seeded segments, waiting: one pending, one in flight (outcome unknown), one parked. */
  List<OutboxItem> waitingUploads() throws Exception {
    List<OutboxItem> items = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dataDir.resolve("recordings"))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        items.add(OutboxItem.pending(items.size() + 1, UploadKind.RECORDING, file.toString(), Files.size(file),
            UploadTarget.recording("rec/" + file.getFileName(), "seeded"), START));
      }
    }
    items.add(OutboxItem.pending(items.size() + 1, UploadKind.RECORDING, items.get(0).localRef(), 1,
        UploadTarget.recording("rec/again", "seeded"), START));
    items.set(1, items.get(1).inFlight(START + 1));
    items.set(2, items.get(2).parked("errno 403: forbidden", START + 2));
    return items;
  }

  static List<OutboxItem> outbox(NodeState state) {
    List<OutboxItem> items = new ArrayList<>();
    state.outbox().forEach((sequence, value) -> items.add(OutboxItem.decode(sequence, value)));
    return items;
  }

  /** Two segment files of one video, as the recorder leaves them (their bytes do not matter to the index). */
  void seedRecording() throws Exception {
    try (SegmentStore store = SegmentStore.open(dataDir, 10_000)) {
      for (int i = 0; i < 2; i++) {
        Path part = store.files().part(CHANNEL, START + i * 2_000L);
        Files.createDirectories(part.getParent());
        Files.write(part, new byte[188 * 10]);
        store.commit(part, CHANNEL, START + i * 2_000L, 2_000, 188 * 10, START, i == 0);
      }
    }
  }

  static String ids() {
    return "device_id=" + CHANNEL.deviceId() + "&channel_id=" + CHANNEL.channelId();
  }

  static JsonObject call(TestNode node, String method, String pathAndQuery, Buffer body) throws Exception {
    var request = node.http.requestAbs(io.vertx.core.http.HttpMethod.valueOf(method),
        "http://127.0.0.1:" + node.node.httpPort() + pathAndQuery).putHeader("api-key", node.node.options().platform().apiKey());
    return Await.result((body == null ? request.send() : request.sendBuffer(body)).toCompletionStage()).bodyAsJsonObject();
  }

  static void deleteTree(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
