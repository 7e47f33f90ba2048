package dev.edgerelay.recorder.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The key layouts of the node state's column families. */
class StateKeysTest {
  @Test
  void outboxKeysSortBySequence() {
    assertThat(OutboxKeys.sequence(OutboxKeys.key(9))).isEqualTo(9);
    assertThat(OutboxKeys.key(0x0102030405060708L)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8); // big-endian
    assertThat(Arrays.compareUnsigned(OutboxKeys.key(255), OutboxKeys.key(256))).isNegative();
    assertThat(OutboxKeys.from(3).contains(OutboxKeys.key(2))).isFalse();
  }

  @Test
  void intentKeysAreTheChannelPartAlone() {
    ChannelRef cam = new ChannelRef("AB", 7);
    byte[] key = IntentKeys.key(cam);
    assertThat(key).hasSize(64 + 4);
    assertThat(Arrays.copyOfRange(key, 0, 3)).containsExactly('A', 'B', 0); // device id, zero padded to 64
    assertThat(Arrays.copyOfRange(key, 64, 68)).containsExactly(0, 0, 0, 7); // channel id, big-endian int
    assertThat(IntentKeys.channel(key)).isEqualTo(cam);
  }
}
