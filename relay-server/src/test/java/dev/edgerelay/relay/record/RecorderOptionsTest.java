package dev.edgerelay.relay.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.config.CommandLine;
import dev.edgerelay.relay.config.NodeConfigLoader;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.options.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RecorderOptionsTest {
  @Test
  void shouldReadAlwaysRecordingChannelsAndAgeOverridesFromTheCommandLine() {
    NodeOptions options = new NodeConfigLoader(Map.of(), new Properties()).load(CommandLine.parse(new String[] {
        "--record-channels", "1001-0, 1002-3", "--record-channel-max-age", "1001-0=48", "--record-segment-ms", "4000",
        "--record-quota-mb", "100", "--record-rtmp-read-ahead-kb", "512", "--record-rtmp-lead-ms", "1500",
        "--record-restart-pause-ms", "250", "--record-restart-max-pause-ms", "4000"}).flags());

    RecorderOptions r = options.recorder();
    assertThat(r.alwaysRecording()).containsExactly(new ChannelRef("1001", 0), new ChannelRef("1002", 3));
    assertThat(r.channelMaxAgeMillis()).containsEntry(new ChannelRef("1001", 0), 48 * 3_600_000L);
    assertThat(r.segmentMs()).isEqualTo(4000);
    assertThat(r.quotaBytes()).isEqualTo(100L * 1024 * 1024);
    assertThat(r.rtmpReadAheadBytes()).isEqualTo(512L * 1024);
    assertThat(r.rtmpLeadMs()).isEqualTo(1500);
    assertThat(r.restartPauseMs()).isEqualTo(250);
    assertThat(r.restartMaxPauseMs()).isEqualTo(4000);
    assertThat(new RecorderOptions(r.toJson()).toJson()).isEqualTo(r.toJson());
  }

  @Test
  void shouldNameTheOptionAndTheRangeWhenAValueIsWrong() {
    assertThatThrownBy(() -> load("--record-segment-ms", "100"))
        .hasMessage("--record-segment-ms must be between 1000 and 60000, got 100");
    assertThatThrownBy(() -> load("--record-channels", "camera"))
        .hasMessageContaining("--record-channels names channels as device_id-channel_id, got 'camera'");
    assertThatThrownBy(() -> load("--record-channel-max-age", "1001-0=x")).hasMessageContaining("dev-ch=hours");
    assertThatThrownBy(() -> load("--record-rtmp-read-ahead-kb", "1"))
        .hasMessage("--record-rtmp-read-ahead-kb must be between 64 and 65536, got 1");
    assertThatThrownBy(() -> load("--record-inflight-kb", "512"))
        .hasMessage("--record-inflight-kb must be between 1024 and 1048576, got 512");
    assertThatThrownBy(() -> load("--record-restart-pause-ms", "5000", "--record-restart-max-pause-ms", "1000"))
        .hasMessage("--record-restart-max-pause-ms must be between 5000 and 3600000, got 1000");
    assertThatThrownBy(() -> new RecorderOptions(new JsonObject().put("segmentMs", 100)).validate())
        .isInstanceOf(ConfigException.class).hasMessage("segmentMs must be between 1000 and 60000, got 100");
    assertThatThrownBy(() -> new RecorderOptions(new JsonObject().put("restartPauseMs", 5_000)
        .put("restartMaxPauseMs", 1_000)).validate())
        .isInstanceOf(ConfigException.class).hasMessage("restartMaxPauseMs must be between 5000 and 3600000, got 1000");
  }

  @Test
  void shouldTakeTheRestartPausesFromTheirConstantsAndKeepThemThroughJson() {
    RecorderOptions r = new RecorderOptions();
    assertThat(r.restartPauseMs()).isEqualTo(RecorderOptions.DEFAULT_RESTART_PAUSE_MS);
    assertThat(r.restartMaxPauseMs()).isEqualTo(RecorderOptions.DEFAULT_RESTART_MAX_PAUSE_MS);
    assertThat(r.toJson().getInteger("restartPauseMs")).isEqualTo(RecorderOptions.DEFAULT_RESTART_PAUSE_MS);
    RecorderOptions read = new RecorderOptions(new JsonObject().put("restartPauseMs", 250).put("restartMaxPauseMs", 4000));
    assertThat(read.validate().restartPauseMs()).isEqualTo(250);
    assertThat(read.restartMaxPauseMs()).isEqualTo(4000);
    assertThatThrownBy(() -> new RecorderOptions().setRestartPauseMs(RecorderOptions.MIN_RESTART_PAUSE_MS - 1).validate())
        .hasMessage("restartPauseMs must be between 10 and 600000, got 9");
  }

  private static NodeOptions load(String... args) {
    return new NodeConfigLoader(Map.of(), new Properties()).load(CommandLine.parse(args).flags());
  }
}
