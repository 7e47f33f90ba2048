package dev.edgerelay.relay.platform.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.relay.platform.PlatformOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BackoffTest {

  @Test
  void shouldDoubleFromTheInitialBackoffAndStopAtTheBound(Vertx vertx) {
    PlatformTransport transport = new PlatformTransport(vertx,
        new PlatformOptions().setRetryInitialBackoffMillis(100).setRetryMaxBackoffMillis(700));
    assertThat(transport.backoffMillis(1)).isEqualTo(100);
    assertThat(transport.backoffMillis(2)).isEqualTo(200);
    assertThat(transport.backoffMillis(3)).isEqualTo(400);
    assertThat(transport.backoffMillis(4)).isEqualTo(700);
    assertThat(transport.backoffMillis(60)).isEqualTo(700);
    transport.close();
  }
}
