package dev.edgerelay.sim;

import dev.edgerelay.media.testing.SettableClock;
import dev.edgerelay.sim.server.PlatformSim;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One emulator per test class, on an ephemeral loopback port, with a clock the tests step. The Vert.x instance
 * comes from {@link VertxExtension}, which also closes it.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SimTestBase {
  static final Instant START = Instant.parse("2026-11-26T02:00:00Z");
  protected final SettableClock clock = SettableClock.at(START, SimOptions.DEFAULT_ZONE);
  protected Vertx vertx;
  protected PlatformSim sim;
  protected Api api;

  protected SimOptions options() {
    return new SimOptions().setHttpPort(0).setRtmpPort(0).setCameraMode(CameraMode.NONE)
        .setRtmpAdvertise("10.0.0.5:1935").setClock(clock)
        .setCommandStepMillis(5);
  }

  @BeforeAll
  void startSim(Vertx injected) throws Exception {
    vertx = injected;
    sim = PlatformSim.start(vertx, options()).await(20, TimeUnit.SECONDS);
    api = new Api(vertx, sim);
  }

  @AfterAll
  void stopSim() throws Exception {
    if (api != null) {
      api.close();
    }
    if (sim != null) {
      sim.close().await(20, TimeUnit.SECONDS);
    }
  }
}
