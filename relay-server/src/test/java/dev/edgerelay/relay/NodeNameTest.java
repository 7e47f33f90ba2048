package dev.edgerelay.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's name survives restarts: made once, kept in the data directory, overridden by --node-name. */
class NodeNameTest {
  @Test
  void shouldMakeANameOnceAndKeepItAcrossStarts(@TempDir Path dir) throws IOException {
    Path dataDir = dir.resolve("data"); // not there yet, as on a first start

    String first = NodeName.resolve("", dataDir);
    String second = NodeName.resolve("", dataDir);

    assertThat(first).matches("[a-z0-9.-]+-[0-9a-f]{6}").hasSizeLessThanOrEqualTo(64);
    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(dataDir.resolve(NodeName.FILE)).trim()).isEqualTo(first);
  }

  @Test
  void theOptionShouldWinAndLeaveTheFileAlone(@TempDir Path dir) throws IOException {
    String kept = NodeName.resolve("", dir);

    assertThat(NodeName.resolve("box-2", dir)).isEqualTo("box-2");
    assertThat(NodeName.resolve("", dir)).isEqualTo(kept);
  }

  @Test
  void shouldRefuseAFileThatHoldsNoName(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(NodeName.FILE), "not a name\n");

    assertThatThrownBy(() -> NodeName.resolve("", dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("holds no valid node name").hasMessageContaining("--node-name");
  }
}
