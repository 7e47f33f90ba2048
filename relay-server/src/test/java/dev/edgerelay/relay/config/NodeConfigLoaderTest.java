package dev.edgerelay.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.relay.options.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void shouldUseDefaultsWhenNothingIsGiven() {
    NodeOptions options = new NodeConfigLoader(Map.of(), new Properties()).load(Map.of());

    assertThat(options.httpPort()).isEqualTo(8080);
    assertThat(options.rtmpPort()).isEqualTo(1935);
    assertThat(options.embeddedPlatform()).isTrue();
    assertThat(options.dataDir()).isEqualTo(Path.of("data"));
  }

  @Test
  void shouldLetEachLaterSourceWin() throws Exception {
    // GIVEN the same setting in the file, the environment, a system property and a flag
    Path file = dir.resolve("edge.json");
    Files.writeString(file, "{\"http_port\": 9001, \"rtmp_port\": 2001, \"data_dir\": \"/srv/a\", \"product_id\": \"7\"}");
    Map<String, String> env = Map.of("EDGE_CONFIG", file.toString(), "EDGE_HTTP_PORT", "9002", "EDGE_RTMP_PORT", "2002");
    Properties props = new Properties();
    props.setProperty("edge.http-port", "9003");
    Map<NodeOption, String> flags = new EnumMap<>(NodeOption.class);
    flags.put(NodeOption.HTTP_PORT, "9004");

    NodeOptions options = new NodeConfigLoader(env, props).load(flags);

    // THEN flag > system property > environment > file > default
    assertThat(options.httpPort()).isEqualTo(9004);
    assertThat(options.rtmpPort()).isEqualTo(2002);
    assertThat(options.dataDir()).isEqualTo(Path.of("/srv/a"));
    assertThat(options.platform().productId()).isEqualTo("7");
  }

  @Test
  void shouldNameTheSourceOfANonNumericPort() {
    NodeConfigLoader loader = new NodeConfigLoader(Map.of("EDGE_HTTP_PORT", "eighty"), new Properties());

    assertThatThrownBy(() -> loader.load(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("EDGE_HTTP_PORT")
        .hasMessageContaining("whole number");
  }

  @Test
  void shouldRejectAnUnknownKeyInTheConfigFile() throws Exception {
    Path file = dir.resolve("edge.json");
    Files.writeString(file, "{\"htp_port\": 9001}");

    assertThatThrownBy(() -> new NodeConfigLoader(Map.of(), new Properties()).load(Map.of(NodeOption.CONFIG, file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'htp_port'");
  }

  @Test
  void shouldRejectAConfigFileThatIsNotJson() throws Exception {
    Path file = dir.resolve("edge.json");
    Files.writeString(file, "http_port: 9001");

    assertThatThrownBy(() -> new NodeConfigLoader(Map.of(), new Properties()).load(Map.of(NodeOption.CONFIG, file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void shouldRejectPortsOutOfRangeAndBadPlatformUrls() {
    NodeConfigLoader loader = new NodeConfigLoader(Map.of(), new Properties());

    assertThatThrownBy(() -> loader.load(Map.of(NodeOption.RTMP_PORT, "70000")))
        .hasMessageContaining("--rtmp-port must be a port between 1 and 65535");
    assertThatThrownBy(() -> loader.load(Map.of(NodeOption.PLATFORM_URL, "api.heclouds.com")))
        .hasMessageContaining("--platform-url must be an http:// or https:// URL");
  }

  @Test
  void shouldReadTheRtmpLimitsAStrangerMeetsFromFlagsAndTheEnvironment() {
    NodeConfigLoader loader = new NodeConfigLoader(Map.of("EDGE_RTMP_COMMAND_TIMEOUT_MS", "2500"), new Properties());

    NodeOptions options = loader.load(Map.of(NodeOption.RTMP_IDLE_TIMEOUT_MS, "5000",
        NodeOption.RTMP_MAX_SERVER_BUFFERED_BYTES, String.valueOf(64 << 20)));

    assertThat(options.rtmp().idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(options.rtmp().commandTimeout()).isEqualTo(java.time.Duration.ofMillis(2500));
    assertThat(options.rtmp().maxServerBufferedBytes()).isEqualTo(64 << 20);
    assertThat(options.rtmp().maxConnectionBufferedBytes())
        .isEqualTo(dev.edgerelay.media.rtmp.RtmpConfig.DEFAULT_MAX_CONNECTION_BUFFERED_BYTES);
    assertThatThrownBy(() -> loader.load(Map.of(NodeOption.RTMP_IDLE_TIMEOUT_MS, "10")))
        .hasMessageContaining("--rtmp-idle-timeout-ms");
    assertThatThrownBy(() -> loader.load(Map.of(NodeOption.RTMP_MAX_SERVER_BUFFERED_BYTES, String.valueOf(1 << 20))))
        .hasMessageContaining("--rtmp-max-server-buffered-bytes");
  }
}
