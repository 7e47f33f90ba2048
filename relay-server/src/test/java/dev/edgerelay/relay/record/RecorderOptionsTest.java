package dev.edgerelay.relay.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.config.CommandLine;
import dev.edgerelay.relay.config.NodeConfigLoader;
import dev.edgerelay.relay.config.NodeOptions;
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
    assertThatThrownBy(() -> new RecorderOptions(new JsonObject().put("record_segment_ms", 100)).validate())
        .hasMessage("--record-segment-ms must be between 1000 and 60000, got 100");
    assertThatThrownBy(() -> new RecorderOptions(new JsonObject().put("record_channels", "camera")).validate())
        .hasMessageContaining("--record-channels names channels as device_id-channel_id, got 'camera'");
    assertThatThrownBy(() -> new RecorderOptions(new JsonObject().put("record_channel_max_age", "1001-0=x")).validate())
        .hasMessageContaining("dev-ch=hours");
    assertThatThrownBy(() -> new RecorderOptions(new JsonObject().put("record_rtmp_read_ahead_kb", 1)).validate())
        .hasMessage("--record-rtmp-read-ahead-kb must be between 64 and 65536, got 1");
    assertThatThrownBy(() -> new RecorderOptions(new JsonObject().put("record_restart_pause_ms", 5_000)
        .put("record_restart_max_pause_ms", 1_000)).validate())
        .hasMessage("--record-restart-max-pause-ms must be between 5000 and 3600000, got 1000");
  }
}
