package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /sim/faults}: injected statuses and latency on matching platform routes only, cleared by DELETE. */
class FaultInjectionTest extends SimTestBase {

  private Api.Reply addFault(JsonObject fault) {
    return api.call(HttpMethod.POST, "/sim/faults", null, Api.buffer(fault));
  }

  @AfterEach
  void clearFaults() {
    api.call(HttpMethod.DELETE, "/sim/faults", null, null).assertOk();
  }

  @Test
  void shouldFailEveryMatchingRequestAtRateOne() {
    addFault(new JsonObject().put("path_prefix", "/ipc/video/file/").put("status", 503).put("rate", 1.0)).assertOk();
    Api.Reply failed = api.get("/ipc/video/file/list?product_id=100001");
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.json().getInteger("errno")).isEqualTo(503);
    assertThat(failed.json().getString("error")).contains("Injected fault");
    api.get("/ipc/video/boot_address").assertOk();
    api.get("/sim/faults", null).assertOk();

    api.call(HttpMethod.DELETE, "/sim/faults", null, null).assertOk();
    assertThat(api.get("/ipc/video/file/list?product_id=100001").json().getInteger("errno")).isZero();
  }

  @Test
  void shouldNeverFailAtRateZeroButDelay() {
    addFault(new JsonObject().put("path_prefix", "/register_de").put("status", 500).put("rate", 0.0)
        .put("latency_ms", 200)).assertOk();
    long start = System.nanoTime();
    api.call(HttpMethod.POST, "/register_de", null, Api.buffer(new JsonObject().put("sn", "slow"))).assertOk();
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(elapsedMs).as("the delayed request still carries its body").isGreaterThanOrEqualTo(200);
  }

  @Test
  void shouldKeepConnectionUsableAfterDelayedBodylessRequests() {
    addFault(new JsonObject().put("path_prefix", "/ipc/video/boot_address").put("rate", 0.0).put("latency_ms", 20))
        .assertOk();
    for (int i = 0; i < 5; i++) {
      api.get("/ipc/video/boot_address", null).assertOk();
      api.get("/devices/1").assertError(120);
    }
    addFault(new JsonObject().put("path_prefix", "/register_de").put("status", 503).put("latency_ms", 20)).assertOk();
    for (int i = 0; i < 3; i++) {
      Api.Reply failed = api.call(HttpMethod.POST, "/register_de", null, Api.buffer(new JsonObject().put("sn", "s")));
      assertThat(failed.status()).isEqualTo(503);
      api.get("/ipc/video/boot_address", null).assertOk();
    }
  }

  @Test
  void shouldFailAboutTheRequestedShare() {
    addFault(new JsonObject().put("path_prefix", "/ipc/video/boot_address").put("status", 502).put("rate", 0.5))
        .assertOk();
    int failed = 0;
    int total = 200;
    for (int i = 0; i < total; i++) {
      if (api.get("/ipc/video/boot_address", null).status() == 502) {
        failed++;
      }
    }
    // binomial(200, 0.5): 60..140 holds with probability 1 - 1e-8
    assertThat(failed).isBetween(60, 140);
  }

  @Test
  void shouldRejectBadFaults() {
    addFault(new JsonObject().put("path_prefix", "ipc").put("status", 503)).assertError(112);
    addFault(new JsonObject().put("path_prefix", "/ipc").put("status", 99)).assertError(112);
    addFault(new JsonObject().put("path_prefix", "/ipc").put("rate", 1.5)).assertError(112);
    addFault(new JsonObject().put("path_prefix", "/ipc").put("latency_ms", -1)).assertError(112);
  }

  @Test
  void shouldTakeDevicesOfflineAndOnline() {
    String id = api.createOnlineCamera("toggle");
    api.call(HttpMethod.POST, "/sim/devices/" + id + "/offline", null, null).assertOk();
    assertThat(sim.state().device(id).orElseThrow().online()).isFalse();
    api.call(HttpMethod.POST, "/sim/devices/" + id + "/online", null, null).assertOk();
    assertThat(sim.state().device(id).orElseThrow().online()).isTrue();
    api.call(HttpMethod.POST, "/sim/devices/1/online", null, null).assertError(120);
  }
}
