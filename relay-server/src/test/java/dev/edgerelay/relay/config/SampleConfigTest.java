package dev.edgerelay.relay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleConfigTest {
  @TempDir Path dir;

  private NodeOptions load(String text) throws Exception {
    Path file = dir.resolve("edge-relay.json");
    Files.writeString(file, text);
    return new NodeConfigLoader(Map.of(), new Properties()).load(Map.of(NodeOption.CONFIG, file.toString()));
  }

  @Test
  void shouldLoadAsTheBuiltInDefaults() throws Exception {
    NodeOptions fromSample = load(SampleConfig.text(Map.of()));

    assertThat(fromSample.toJson()).isEqualTo(new NodeConfigLoader(Map.of(), new Properties()).load(Map.of()).toJson());
    assertThat(fromSample.embeddedPlatform()).isTrue();
  }

  @Test
  void shouldNameEveryOptionWithItsDescriptionAbove() {
    String text = SampleConfig.text(Map.of());

    Arrays.stream(NodeOption.values()).filter(o -> o != NodeOption.CONFIG).forEach(option ->
        assertThat(text).contains("  // " + option.description()).contains("\n  \"" + option.jsonKey() + "\": "));
    assertThat(text).doesNotContain("\"config\"");
  }

  @Test
  void shouldCarryAnOverrideAndSayTheBuiltInDefault() throws Exception {
    String text = SampleConfig.text(Map.of(NodeOption.DATA_DIR, "/var/lib/edge-relay"));

    assertThat(text).contains("(built-in default data)\n  \"data_dir\": \"/var/lib/edge-relay\",");
    assertThat(load(text).dataDir()).isEqualTo(Path.of("/var/lib/edge-relay"));
  }
}
