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
    PlatformOptions options = new PlatformOptions().baseUrl("https://api-video.heclouds.com:8443/").apiKey("master")
        .productId("7355").connectTimeoutMillis(1234).requestTimeoutMillis(4321).retryAttempts(5)
        .retryInitialBackoffMillis(10).retryMaxBackoffMillis(80).maxWalkPages(7).maxConnections(3)
        .maxWaitingRequests(9);
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
    assertThatThrownBy(() -> new PlatformOptions().retryAttempts(0).validate())
        .hasMessage("retryAttempts must be in [1, 10], got 0");
    assertThatThrownBy(() -> new PlatformOptions().retryInitialBackoffMillis(500).retryMaxBackoffMillis(100).validate())
        .hasMessage("retryMaxBackoffMillis must be in [500, 60000], got 100");
    assertThatThrownBy(() -> new PlatformOptions().baseUrl("ftp://x").validate()).hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> new PlatformOptions().baseUrl("http://h/?a=b").validate()).hasMessageContaining("no query");
    assertThatThrownBy(() -> new PlatformOptions().maxConnections(0).validate())
        .hasMessage("maxConnections must be in [1, 256], got 0");
    assertThatThrownBy(() -> new PlatformOptions().requestTimeoutMillis(0).validate())
        .hasMessage("requestTimeoutMillis must be in [1, 600000], got 0");
  }

  @Test
  void shouldNotPrintTheMasterKey() {
    assertThat(new PlatformOptions().apiKey("secret").toString()).doesNotContain("secret");
  }
}
