package dev.edgerelay.relay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node's record is written again only when its text changes: disk figures that move by a few bytes (a log line
 * anywhere on the volume) must not change it, a whole MiB must.
 */
class NodeLoadTest {
  private static final long GIB = 1L << 30;

  private static NodeRecord recordWith(long usedBytes, long freeBytes) {
    NodeLoad load = new NodeLoad(List.of("10000001-1"), 2, 0, 1, 1_733_150_000_000L, usedBytes, freeBytes);
    return new NodeRecord("box-1", "127.0.0.1:8080", "127.0.0.1:1935", 1, true, false, "test",
        new ConfigDigest("hash", Map.of()), List.of("10000002-1"), load, 0);
  }

  @Test
  void shouldWriteTheSameRecordWhileTheDiskMovesWithinAMebibyte() {
    String before = recordWith(3 * GIB + 10, 50 * GIB + 4_096).encode();
    String after = recordWith(3 * GIB + 700_000, 50 * GIB + 900_000).encode();

    assertThat(after).isEqualTo(before);
    assertThat(NodeRecord.decode(after).load().diskFreeBytes()).isEqualTo(50 * GIB);
    assertThat(NodeRecord.decode(after).load().diskUsedBytes()).isEqualTo(3 * GIB);
  }

  @Test
  void shouldWriteANewRecordOnceTheDiskMovesAWholeMebibyte() {
    String before = recordWith(3 * GIB, 50 * GIB).encode();
    String fuller = recordWith(3 * GIB + NodeLoad.DISK_STEP_BYTES, 50 * GIB - 1).encode();

    assertThat(fuller).isNotEqualTo(before);
    NodeLoad load = NodeRecord.decode(fuller).load();
    assertThat(load.diskUsedBytes()).isEqualTo(3 * GIB + NodeLoad.DISK_STEP_BYTES);
    assertThat(load.diskFreeBytes()).isEqualTo(50 * GIB - NodeLoad.DISK_STEP_BYTES);
    assertThat(load.outboxHeld()).isEqualTo(3);
    assertThat(load.relays()).containsExactly("10000001-1");
  }
}
