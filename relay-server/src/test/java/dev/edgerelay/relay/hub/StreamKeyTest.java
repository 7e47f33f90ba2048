package dev.edgerelay.relay.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamKeyTest {
  @Test
  void shouldReadTheNamesTheSpecUses() {
    // spec 4.1: rtmp .../live/{dev}-{ch}; hls .../live/live_{dev}_{ch}/; spec 4.3 writes both separators
    assertThat(StreamKey.parseDashed("2162826-2")).isEqualTo(new StreamKey("2162826", 2));
    assertThat(StreamKey.parseDashed("2162826_2")).isEqualTo(new StreamKey("2162826", 2));
    assertThat(StreamKey.parseHlsDirectory("live_2162826_2")).isEqualTo(new StreamKey("2162826", 2));
    assertThat(new StreamKey("2162826", 2).hlsDirectory()).isEqualTo("live_2162826_2");
    assertThat(new StreamKey("2162826", 2).rtmpName()).isEqualTo("2162826-2");
  }

  @Test
  void shouldRejectWhatIsNotADeviceChannel() {
    assertThat(StreamKey.parseDashed("2162826")).isNull();
    assertThat(StreamKey.parseDashed("../etc-1")).isNull();
    assertThat(StreamKey.parseHlsDirectory("live_1-2")).isNull();
    assertThatThrownBy(() -> new StreamKey("a/b", 1)).hasMessageContaining("device_id");
  }
}
