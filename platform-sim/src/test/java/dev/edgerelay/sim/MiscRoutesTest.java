package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Spec 7 trans_encrypt, 8 QryDevStatus, 9 QryDevMsg, 10 boot_address, 11 dev_active, 12 record_video, 14 closecamera. */
class MiscRoutesTest extends SimTestBase {

  @Test
  void shouldSwitchProductEncryption() {
    api.put("/ipc/video/trans_encrypt?product_id=100001", new JsonObject().put("type", 1)).assertOk();
    JsonObject reply = api.get("/ipc/video/trans_encrypt?product_id=100001").assertOk().json();
    assertThat(reply.getInteger("trans_enc")).isEqualTo(1);
    String id = api.createOnlineCamera("encrypted");
    assertThat(api.get("/ipc/video/play_address?device_id=" + id + "&channel_id=1&protocol_type=0").data()
        .getString("type")).isEqualTo("rtmpe");
    api.put("/ipc/video/trans_encrypt?product_id=100001", new JsonObject().put("type", 0)).assertOk();
    assertThat(api.get("/ipc/video/trans_encrypt?product_id=100001").json().getInteger("trans_enc")).isZero();
    api.put("/ipc/video/trans_encrypt?product_id=100001", new JsonObject().put("type", 2)).assertError(112);
    api.put("/ipc/video/trans_encrypt?product_id=7355", new JsonObject().put("type", 1)).assertError(121);
    api.get("/ipc/video/trans_encrypt").assertError(110);
  }

  @Test
  void shouldQueryDeviceStatusUpToThirtyIds() {
    String on = api.createOnlineCamera("status-on");
    String off = api.createDevice("status-off");
    JsonObject result = api.get("/ipc/video/device/QryDevStatus?devIds=" + on + "," + off + ",999").assertOk().json()
        .getJsonObject("result");
    assertThat(result.getInteger("total_count")).isEqualTo(2);
    JsonArray devices = result.getJsonArray("devices");
    assertThat(devices.getJsonObject(0).getString("id")).isEqualTo(on);
    assertThat(devices.getJsonObject(0).getBoolean("online")).isTrue();
    assertThat(devices.getJsonObject(1).getBoolean("online")).isFalse();
    String ids31 = IntStream.range(0, 31).mapToObj(i -> Integer.toString(i)).collect(Collectors.joining(","));
    api.get("/ipc/video/device/QryDevStatus?devIds=" + ids31).assertError(111);
    api.get("/ipc/video/device/QryDevStatus?devIds=" + "1".repeat(501)).assertError(111);
    api.get("/ipc/video/device/QryDevStatus?devIds=" + on + "," + off, api.deviceKey(on)).assertError(103);
    api.get("/ipc/video/device/QryDevStatus?devIds=" + on, api.deviceKey(on)).assertOk();
  }

  @Test
  void shouldListDeviceMessagesInTimeRange() {
    String id = api.createOnlineCamera("messages");
    api.call(HttpMethod.POST, "/sim/devices/" + id + "/messages", null, Api.buffer("my_test_12345")).assertOk();
    clock.advance(Duration.ofDays(2));
    api.call(HttpMethod.POST, "/sim/devices/" + id + "/messages", null, Api.buffer("later")).assertOk();
    JsonObject reply = api.get("/ipc/video/device/QryDevMsg?device_id=" + id
        + "&start_time=2026-11-26%2000:00:00&end_time=2026-11-27%2000:00:00").assertOk().json();
    assertThat(reply.getJsonObject("page_info").getInteger("total_num")).isEqualTo(1);
    JsonObject msg = reply.getJsonArray("result").getJsonObject(0);
    assertThat(new String(Base64.getDecoder().decode(msg.getString("msg")), StandardCharsets.UTF_8))
        .isEqualTo("my_test_12345");
    assertThat(msg.getString("create_time")).isEqualTo("2026-11-26 10:00:00");
    assertThat(msg.getLong("msg_id")).isPositive();
    api.get("/ipc/video/device/QryDevMsg?device_id=" + id + "&start_time=2026-11-26%2000:00:00").assertError(110);
  }

  @Test
  void shouldAnswerBootAddressWithoutKey() {
    JsonObject data = api.get("/ipc/video/boot_address", null).assertOk().data();
    assertThat(data.getString("boot_address")).isEqualTo("127.0.0.1");
    assertThat(data.getInteger("boot_port")).isEqualTo(9101);
  }

  @Test
  void shouldSendDevActiveUpTo128Bytes() {
    String id = api.createOnlineCamera("active");
    api.post("/ipc/video/dev_active?device_id=" + id, new byte[128]).assertOk();
    Api.Reply tooLong = api.post("/ipc/video/dev_active?device_id=" + id, new byte[129]).assertError(113);
    assertThat(tooLong.status()).isEqualTo(413);
    api.post("/ipc/video/dev_active?device_id=" + id, new byte[0]).assertError(112);
    String offline = api.createDevice("inactive");
    api.post("/ipc/video/dev_active?device_id=" + offline, "x").assertError(129);
  }

  @Test
  void shouldRecordVideoBetweenStartAndStop() {
    String id = api.createOnlineCamera("recorder");
    String q = "/ipc/video/record/record_video?product_id=100001&device_id=" + id + "&channel_id=1&action=";
    api.get(q + "1").assertOk();
    assertThat(sim.state().isRecording(id, 1)).isTrue();
    clock.advance(Duration.ofMinutes(5));
    api.get(q + "0").assertOk();
    assertThat(sim.state().recordings().list(id, 1)).singleElement()
        .satisfies(r -> assertThat(r.durationSeconds()).isEqualTo(300));
    api.get(q + "2").assertError(111);
    api.get("/ipc/video/record/record_video?product_id=100001&device_id=" + id + "&channel_id=1").assertError(110);
  }

  @Test
  void shouldCloseAndOpenCamera() {
    String id = api.createOnlineCamera("switch");
    String uri = "/ipc/video/access_control/closecamera?product_id=100001&device_id=" + id + "&id=1";
    api.put(uri, new JsonObject().put("type", 1)).assertOk();
    assertThat(sim.state().isCameraClosed(id, 1)).isTrue();
    api.put(uri, new JsonObject().put("type", 0)).assertOk();
    assertThat(sim.state().isCameraClosed(id, 1)).isFalse();
    api.put(uri, "{\"type\":\"off\"}").assertError(112);
    api.put("/ipc/video/access_control/closecamera?product_id=100001&device_id=" + id + "&id=4",
        new JsonObject().put("type", 1)).assertError(17);
  }
}
