package dev.edgerelay.recorder.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.catalog.RecorderStorage;
import dev.edgerelay.recorder.index.ChannelKeyPart;
import dev.edgerelay.recorder.index.RocksFamilies;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/**
 * The node state (outbox, recording intents) lives apart from the derived index: a rebuild of the index keeps it,
 * and an index written before the split gives it up on first open, losing nothing.
 */
class NodeStateTest {
  static final ChannelRef CAM = new ChannelRef("4001", 0);
  static final ChannelRef OTHER = new ChannelRef("4002", 3);
  @TempDir Path data;

  @Test
  void shouldKeepOutboxItemsAndRecordingIntentsThroughRebuildIndex() throws Exception {
    try (RecorderStorage storage = RecorderStorage.open(data, 10_000)) {
      storage.state().outbox().put(1, bytes("first"));
      storage.state().outbox().put(2, bytes("second"));
      storage.state().intents().set(CAM, true);
      storage.state().intents().set(OTHER, true);
      storage.state().intents().set(OTHER, false);
    }

    try (RecorderStorage rebuilt = RecorderStorage.rebuild(data, 10_000)) {
      assertThat(outbox(rebuilt.state())).containsExactly(Map.entry(1L, "first"), Map.entry(2L, "second"));
      assertThat(rebuilt.state().intents().channels()).containsExactly(CAM);
    }
    assertThat(data.resolve(NodeState.DIR)).isDirectory();
  }

  @Test
  void shouldKeepAnIntentsTimeAndNodeAndAnIntentSwitchedOffBesideAnUntimedOne() throws Exception {
    try (RecorderStorage storage = RecorderStorage.open(data, 10_000)) {
      storage.state().intents().set(CAM, true);
      storage.state().intents().put(new RecordingIntents.Intent(OTHER, false, 1_733_150_000_123L, "box-2"));
    }

    try (RecorderStorage storage = RecorderStorage.open(data, 10_000)) {
      assertThat(storage.state().intents().all()).containsExactly(new RecordingIntents.Intent(CAM, true, 0, ""),
          new RecordingIntents.Intent(OTHER, false, 1_733_150_000_123L, "box-2"));
      assertThat(storage.state().intents().channels()).containsExactly(CAM);
    }
  }

  @Test
  void shouldMoveTheOutboxAndIntentsOutOfAnIndexWrittenBeforeTheSplitOnce() throws Exception {
    writeLegacyIndex(Map.of(7L, "promised", 9L, "parked"), List.of(CAM, OTHER));

    try (RecorderStorage storage = RecorderStorage.open(data, 10_000)) {
      assertThat(outbox(storage.state())).containsExactly(Map.entry(7L, "promised"), Map.entry(9L, "parked"));
      assertThat(storage.state().intents().channels()).containsExactly(CAM, OTHER);
      storage.state().outbox().delete(7); // sent meanwhile: a second open must not bring it back
    }
    assertThat(RocksFamilies.existing(data.resolve(NodeState.INDEX_DIR))).doesNotContain("outbox");

    try (RecorderStorage storage = RecorderStorage.open(data, 10_000)) {
      assertThat(outbox(storage.state())).containsExactly(Map.entry(9L, "parked"));
      assertThat(storage.state().intents().channels()).containsExactly(CAM, OTHER);
    }
  }

  @Test
  void shouldMoveTheStateOutOfAnOldIndexBeforeRebuildIndexThrowsItAway() throws Exception {
    writeLegacyIndex(Map.of(3L, "waiting"), List.of(OTHER));

    try (RecorderStorage rebuilt = RecorderStorage.rebuild(data, 10_000)) {
      assertThat(outbox(rebuilt.state())).containsExactly(Map.entry(3L, "waiting"));
      assertThat(rebuilt.state().intents().channels()).containsExactly(OTHER);
    }
  }

  @Test
  void shouldRebuildAnIndexThatDoesNotOpenAndKeepTheStateThatLivesApart() throws Exception {
    try (NodeState state = NodeState.open(data)) {
      state.outbox().put(5, bytes("kept"));
    }
    Path index = data.resolve(NodeState.INDEX_DIR);
    Files.createDirectories(index);
    Files.writeString(index.resolve("CURRENT"), "MANIFEST-999999\n"); // points at a manifest that is not there

    try (RecorderStorage rebuilt = RecorderStorage.rebuild(data, 10_000)) {
      assertThat(outbox(rebuilt.state())).containsExactly(Map.entry(5L, "kept"));
      assertThat(rebuilt.catalog().channels()).isEmpty();
    }
  }

  /** An index as a node before the split left it: the outbox family, intents in meta under prefix 0x02. */
  void writeLegacyIndex(Map<Long, String> outbox, List<ChannelRef> recording) throws RocksDBException {
    try (RocksFamilies old = RocksFamilies.open(data.resolve(NodeState.INDEX_DIR),
        List.of("videos", "segments", "pictures", "outbox", "meta"))) {
      old.db().put(old.family("meta"), new byte[] {0x01}, new byte[] {1}); // schema version 1
      for (Map.Entry<Long, String> e : outbox.entrySet()) {
        old.db().put(old.family("outbox"), OutboxKeys.key(e.getKey()), bytes(e.getValue()));
      }
      for (ChannelRef c : recording) {
        ByteBuffer key = ByteBuffer.allocate(1 + ChannelKeyPart.SIZE).put((byte) 0x02);
        ChannelKeyPart.write(c, key);
        old.db().put(old.family("meta"), key.array(), new byte[0]);
      }
    }
  }

  static Map<Long, String> outbox(NodeState state) {
    Map<Long, String> out = new LinkedHashMap<>();
    state.outbox().forEach((sequence, value) -> out.put(sequence, new String(value, StandardCharsets.UTF_8)));
    return out;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
