package dev.edgerelay.relay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.relay.config.NodeConfigLoader;
import dev.edgerelay.relay.config.NodeOption;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.options.ConfigException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The HTTP limits through the node's loader: flags, JSON, defaults and the message of a value out of range. */
class HttpOptionsTest {
  private static NodeOptions load(Map<NodeOption, String> flags) {
    return new NodeConfigLoader(Map.of(), new Properties()).load(flags);
  }

  @Test
  void shouldDefaultToEightKilobyteLinesAndHeadersAndSixtyFourKilobyteJsonBodies() {
    HttpOptions http = load(Map.of()).http();

    assertThat(http.maxInitialLineBytes()).isEqualTo(8192);
    assertThat(http.maxHeaderBytes()).isEqualTo(8192);
    assertThat(http.maxJsonBodyBytes()).isEqualTo(65536);
  }

  @Test
  void shouldReadEachLimitFromItsFlagAndBackFromItsJson() {
    HttpOptions http = load(Map.of(NodeOption.HTTP_MAX_LINE_BYTES, "2048", NodeOption.HTTP_MAX_HEADER_BYTES, "4096",
        NodeOption.HTTP_MAX_JSON_BODY_BYTES, "1024")).http();

    assertThat(http.maxInitialLineBytes()).isEqualTo(2048);
    assertThat(http.maxHeaderBytes()).isEqualTo(4096);
    assertThat(http.maxJsonBodyBytes()).isEqualTo(1024);
    assertThat(new HttpOptions(http.toJson()).toJson()).isEqualTo(http.toJson());
  }

  @Test
  void shouldNameTheLimitOutOfRange() {
    assertThatThrownBy(() -> load(Map.of(NodeOption.HTTP_MAX_HEADER_BYTES, "100"))).isInstanceOf(ConfigException.class)
        .hasMessage("--http-max-header-bytes must be between 1024 and 65536, got 100");
    assertThatThrownBy(() -> new NodeOptions().setHttp(new HttpOptions().setMaxJsonBodyBytes(0)).validate())
        .isInstanceOf(ConfigException.class).hasMessage("http.maxJsonBodyBytes must be between 1024 and 1048576, got 0");
  }
}
