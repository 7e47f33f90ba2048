package dev.edgerelay.relay.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.relay.config.NodeConfigLoader;
import dev.edgerelay.relay.config.NodeOption;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.options.ConfigException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ThumbnailOptionsTest {
  @Test
  void shouldDefaultToTwoWorkersFiveSecondImagesAndATenSecondColdWait() {
    ThumbnailOptions defaults = new NodeConfigLoader(Map.of(), new Properties()).load(Map.of()).thumbnail();

    assertThat(defaults.workers()).isEqualTo(2);
    assertThat(defaults.queue()).isEqualTo(ThumbnailOptions.DEFAULT_QUEUE);
    assertThat(defaults.maxAgeMillis()).isEqualTo(5_000);
    assertThat(defaults.coldWaitMillis()).isEqualTo(10_000);
  }

  @Test
  void shouldTakeTheNodesThumbnailSettingsFromTheEnvironment() {
    Map<String, String> env = Map.of("EDGE_THUMBNAIL_WORKERS", "3", "EDGE_THUMBNAIL_QUEUE", "0",
        "EDGE_THUMBNAIL_MAX_AGE_MS", "250", "EDGE_THUMBNAIL_COLD_WAIT_MS", "2000");

    ThumbnailOptions options = new NodeConfigLoader(env, new Properties()).load(Map.of()).thumbnail();

    assertThat(options.toJson().getMap()).containsEntry("workers", 3).containsEntry("queue", 0)
        .containsEntry("maxAgeMillis", 250L).containsEntry("coldWaitMillis", 2_000L);
    assertThat(new ThumbnailOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void shouldNameTheSettingAndItsRangeWhenAValueIsOutOfIt() {
    NodeConfigLoader loader = new NodeConfigLoader(Map.of(), new Properties());
    assertThatThrownBy(() -> loader.load(Map.of(NodeOption.THUMBNAIL_WORKERS, "0"))).isInstanceOf(ConfigException.class)
        .hasMessage("--thumbnail-workers must be between 1 and 64, got 0");
    assertThatThrownBy(() -> loader.load(Map.of(NodeOption.THUMBNAIL_COLD_WAIT_MS, "50")))
        .hasMessage("--thumbnail-cold-wait-ms must be between 100 and 120000, got 50");
    assertThatThrownBy(() -> new NodeOptions().setThumbnail(new ThumbnailOptions().setMaxCached(0)).validate())
        .hasMessage("thumbnail.maxCached must be between 1 and 100000, got 0");
    assertThatThrownBy(() -> new ThumbnailOptions().setMaxCached(0).validate())
        .hasMessage("maxCached must be between 1 and 100000, got 0");
  }
}
