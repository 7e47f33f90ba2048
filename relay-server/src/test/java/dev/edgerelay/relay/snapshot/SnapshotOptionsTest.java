package dev.edgerelay.relay.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.config.NodeConfigLoader;
import dev.edgerelay.relay.config.NodeOption;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.options.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot settings through the node's loader: flags, and a JSON list of channels in the config file. */
class SnapshotOptionsTest {
  @TempDir Path dir;

  @Test
  void shouldReadPeriodicChannelsAsAJsonListFromTheFileAndTheIntervalFromAFlag() throws Exception {
    Path file = dir.resolve("edge.json");
    Files.writeString(file, "{\"snapshot_channels\": [\"34001-0\", \"34002-1\"], \"snapshot_upload\": true,"
        + " \"picture_quota_mb\": 64}");
    Map<NodeOption, String> flags = new EnumMap<>(NodeOption.class);
    flags.put(NodeOption.SNAPSHOT_INTERVAL_S, "30");
    flags.put(NodeOption.PICTURE_MAX_AGE_DAYS, "30");
    flags.put(NodeOption.PICTURES_PRIVATE, "true");

    NodeOptions options = new NodeConfigLoader(Map.of("EDGE_CONFIG", file.toString()), new Properties()).load(flags);

    SnapshotOptions s = options.snapshot();
    assertThat(s.intervalS()).isEqualTo(30);
    assertThat(s.periodicChannels()).containsExactly(new ChannelRef("34001", 0), new ChannelRef("34002", 1));
    assertThat(s.upload()).isTrue();
    assertThat(s.pictureQuotaBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(s.pictureMaxAgeMillis()).isEqualTo(30L * 86_400_000L);
    assertThat(s.picturesPrivate()).isTrue();
    assertThat(new SnapshotOptions(s.toJson()).picturesPrivate()).as("read back from its JSON").isTrue();
  }

  @Test
  void shouldDefaultToNoPeriodicSnapshotsAndAnOwnQuota() {
    SnapshotOptions s = new NodeConfigLoader(Map.of(), new Properties()).load(Map.of()).snapshot();

    assertThat(s.intervalS()).isZero();
    assertThat(s.periodicChannels()).isEmpty();
    assertThat(s.upload()).isFalse();
    assertThat(s.pictureQuotaBytes()).isEqualTo(SnapshotOptions.DEFAULT_PICTURE_QUOTA_MB * 1024L * 1024L);
    assertThat(s.pictureMaxAgeMillis()).as("no age limit unless asked for").isZero();
    assertThat(s.picturesPrivate()).as("public picture URLs, as spec 5.5 has them").isFalse();
  }

  @Test
  void shouldNameTheOptionOfABadValue() {
    assertThatThrownBy(() -> load(NodeOption.SNAPSHOT_INTERVAL_S, "-5")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("--snapshot-interval-s");
    assertThatThrownBy(() -> load(NodeOption.SNAPSHOT_CHANNELS, "cam0")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("--snapshot-channels").hasMessageContaining("cam0");
    assertThatThrownBy(() -> load(NodeOption.PICTURE_QUOTA_MB, "-1")).hasMessageContaining("--picture-quota-mb");
    assertThatThrownBy(() -> load(NodeOption.PICTURE_MAX_AGE_DAYS, "-1")).hasMessageContaining("--picture-max-age-days");
    assertThatThrownBy(() -> new SnapshotOptions().setIntervalS(-5).validate()).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("intervalS must be 0 (off) or between 1 and 86400");
  }

  private static NodeOptions load(NodeOption option, String value) {
    return new NodeConfigLoader(Map.of(), new Properties()).load(Map.of(option, value));
  }
}
