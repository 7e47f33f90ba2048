package dev.edgerelay.recorder.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.RocksFamilies;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How far uploads followed each channel survives a restart and only moves forward. */
class UploadMarksTest {
  static final ChannelRef CAM = NodeStateTest.CAM;
  static final ChannelRef OTHER = NodeStateTest.OTHER;
  @TempDir Path data;

  @Test
  void shouldMoveAMarkOnlyForwardAndKeepItAcrossARestart() throws Exception {
    try (NodeState state = NodeState.open(data)) {
      assertThat(state.uploadMarks().mark(CAM)).isEmpty();
      state.uploadMarks().advance(CAM, 2_000);
      state.uploadMarks().advance(CAM, 1_000); // a late answer for an older segment
      state.uploadMarks().advance(OTHER, 5_000);
    }
    try (NodeState state = NodeState.open(data)) {
      assertThat(state.uploadMarks().mark(CAM)).isEqualTo(OptionalLong.of(2_000));
      assertThat(state.uploadMarks().mark(OTHER)).isEqualTo(OptionalLong.of(5_000));
    }
  }

  @Test
  void shouldStoreWhenMarksBeganOnceAndAnswerItAfterwards() throws Exception {
    try (NodeState state = NodeState.open(data)) {
      assertThat(state.uploadMarks().since(1_000)).isEqualTo(1_000);
      assertThat(state.uploadMarks().since(9_000)).isEqualTo(1_000);
    }
    try (NodeState state = NodeState.open(data)) {
      assertThat(state.uploadMarks().since(20_000)).as("after a restart too").isEqualTo(1_000);
    }
  }

  @Test
  void shouldAddTheMarksToAStateWrittenBeforeThem() throws Exception {
    RocksFamilies.open(data.resolve(NodeState.DIR), List.of(NodeState.OUTBOX, NodeState.INTENTS)).close();

    try (NodeState state = NodeState.open(data)) {
      state.uploadMarks().advance(CAM, 7);
      assertThat(state.uploadMarks().mark(CAM)).isEqualTo(OptionalLong.of(7));
    }
    assertThat(RocksFamilies.existing(data.resolve(NodeState.DIR))).contains(NodeState.UPLOAD_MARKS);
  }
}
