package dev.edgerelay.relay.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PlatformOptionsTest {

  @Test
  void shouldStartFromTheDocumentedDefaults() {
    PlatformOptions options = new PlatformOptions().validate();
    assertThat(options.baseUrl()).isEqualTo(PlatformOptions.DEFAULT_BASE_URL);
    assertThat(options.retryAttempts()).isEqualTo(PlatformOptions.DEFAULT_RETRY_ATTEMPTS);
    assertThat(options.apiKey()).isNull();
  }

  @Test
  void shouldRoundTripThroughJson() {
    PlatformOptions options = new PlatformOptions().setBaseUrl("https://api-video.heclouds.com:8443/").setApiKey("master")
        .setProductId("7355").setConnectTimeoutMillis(1234).setRequestTimeoutMillis(4321).setRetryAttempts(5)
        .setRetryInitialBackoffMillis(10).setRetryMaxBackoffMillis(80).setMaxWalkPages(7).setMaxConnections(3)
        .setMaxWaitingRequests(9);
    PlatformOptions copy = new PlatformOptions(options.toJson());
    assertThat(copy.toJson()).isEqualTo(options.toJson());
    assertThat(copy.baseUrl()).as("trailing slash dropped so spec paths append").isEqualTo("https://api-video.heclouds.com:8443");
  }

  @Test
  void shouldKeepDefaultsForAbsentJsonKeys() {
    PlatformOptions options = new PlatformOptions(new JsonObject().put("apiKey", "k"));
    assertThat(options.requestTimeoutMillis()).isEqualTo(PlatformOptions.DEFAULT_REQUEST_TIMEOUT_MILLIS);
    assertThat(options.apiKey()).isEqualTo("k");
  }

  @Test
  void shouldNameTheFieldAndRangeWhenInvalid() {
    assertThatThrownBy(() -> new PlatformOptions().setRetryAttempts(0).validate())
        .hasMessage("retryAttempts must be between 1 and 10, got 0");
    assertThatThrownBy(() -> new PlatformOptions().setRetryInitialBackoffMillis(500).setRetryMaxBackoffMillis(100).validate())
        .hasMessage("retryMaxBackoffMillis must be between 500 and 60000, got 100");
    assertThatThrownBy(() -> new PlatformOptions().setBaseUrl("ftp://x").validate()).hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> new PlatformOptions().setBaseUrl("http://h/?a=b").validate()).hasMessageContaining("no query");
    assertThatThrownBy(() -> new PlatformOptions().setMaxConnections(0).validate())
        .hasMessage("maxConnections must be between 1 and 256, got 0");
    assertThatThrownBy(() -> new PlatformOptions().setRequestTimeoutMillis(0).validate())
        .hasMessage("requestTimeoutMillis must be between 1 and 600000, got 0");
  }

  @Test
  void shouldNotPrintTheMasterKey() {
    assertThat(new PlatformOptions().setApiKey("secret").toString()).doesNotContain("secret");
  }
}
