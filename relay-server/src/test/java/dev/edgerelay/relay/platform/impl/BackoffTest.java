package dev.edgerelay.relay.platform.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.relay.platform.PlatformOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void shouldDoubleFromTheInitialBackoffAndStopAtTheBound() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      PlatformTransport transport = new PlatformTransport(vertx,
          new PlatformOptions().setRetryInitialBackoffMillis(100).setRetryMaxBackoffMillis(700));
      assertThat(transport.backoffMillis(1)).isEqualTo(100);
      assertThat(transport.backoffMillis(2)).isEqualTo(200);
      assertThat(transport.backoffMillis(3)).isEqualTo(400);
      assertThat(transport.backoffMillis(4)).isEqualTo(700);
      assertThat(transport.backoffMillis(60)).isEqualTo(700);
      transport.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
