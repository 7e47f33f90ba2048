package dev.edgerelay.relay.platform.contract;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.PlatformException;
import dev.edgerelay.relay.platform.PlatformOptions;
import dev.edgerelay.sim.server.PlatformSim;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.SimOptions;
import dev.edgerelay.sim.http.SimError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.assertj.core.api.Assertions;

/**
 * One emulator per test class on an ephemeral loopback port, a client with the master key, and
 * the emulator's {@code /sim/} control routes. Errnos come from the emulator's own table
 * ({@link SimError}) where the spec gives none.
 */
final class SimFixture implements AutoCloseable {
  final Vertx vertx;
  final PlatformSim sim;
  final PlatformClient client;
  private final WebClient control;

  private SimFixture(Vertx vertx, PlatformSim sim, PlatformOptions clientOptions) {
    this.vertx = vertx;
    this.sim = sim;
    this.client = PlatformClient.create(vertx, clientOptions);
    this.control = WebClient.create(vertx);
  }

  static SimFixture start(Vertx vertx, int cameras) throws Exception {
    return start(vertx, new SimOptions().setCameras(cameras).setCameraMode(CameraMode.NONE).setCommandStepMillis(20));
  }

  /** On the caller's Vert.x instance, which the caller closes (VertxExtension does). */
  static SimFixture start(Vertx vertx, SimOptions simOptions) throws Exception {
    PlatformSim sim = Await.result(PlatformSim.start(vertx,
        simOptions.setHost("127.0.0.1").setHttpPort(0).setRtmpPort(0)).toCompletionStage());
    return new SimFixture(vertx, sim, clientOptions(sim));
  }

  /** Fast retries so that tests of the retry rule stay short. */
  static PlatformOptions clientOptions(PlatformSim sim) {
    return new PlatformOptions().setBaseUrl(sim.baseUrl()).setApiKey(sim.masterKey()).setProductId(sim.productId())
        .setRetryAttempts(3).setRetryInitialBackoffMillis(10).setRetryMaxBackoffMillis(50).setRequestTimeoutMillis(5_000);
  }

  /** Id of the n-th seeded camera (0-based). Odd-numbered cameras (0, 2, ...) have channels 1 and 2. */
  String camera(int n) {
    return sim.state().devices().get(n).id();
  }

  /** The device's own key as 1.4 lists it. */
  String deviceKey(String deviceId) throws Exception {
    return Await.result(client.devices().get(deviceId).toCompletionStage()).keys().get(0).key();
  }

  /** Calls an emulator control route ({@code /sim/...}); fails unless it answers errno 0. */
  JsonObject control(HttpMethod method, String path, JsonObject body) throws Exception {
    var request = control.requestAbs(method, sim.baseUrl() + path);
    JsonObject answer = Await.result((body == null ? request.send() : request.sendJsonObject(body)).toCompletionStage()).bodyAsJsonObject();
    Assertions.assertThat(answer.getInteger("errno")).as(path + " " + answer).isZero();
    return answer;
  }

  @Override
  public void close() throws Exception {
    client.close();
    control.close();
    Await.result(sim.close().toCompletionStage());
  }

  /** The PlatformException a call fails with; fails the test if it succeeds or fails otherwise. */
  static PlatformException failure(Future<?> call) {
    return Assertions.catchThrowableOfType(PlatformException.class, () -> Await.result(call.toCompletionStage()));
  }

  /** Asserts the call fails with the emulator's errno for {@code expected}. */
  static PlatformException expectError(Future<?> call, SimError expected) {
    PlatformException e = failure(call);
    Assertions.assertThat(e).as("expected errno " + expected.errno() + " (" + expected + ")").isNotNull();
    Assertions.assertThat(e.errno()).as(e.getMessage()).isEqualTo(expected.errno());
    Assertions.assertThat(e.platformMessage()).isNotBlank();
    return e;
  }
}
