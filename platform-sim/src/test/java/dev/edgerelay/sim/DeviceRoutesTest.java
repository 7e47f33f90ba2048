package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Spec 1.1-1.6 and the key rules around them. */
class DeviceRoutesTest extends SimTestBase {

  @Test
  void shouldCreateViewUpdateAndDeleteDevice() {
    String id = api.post("/devices", new JsonObject().put("title", "door").put("desc", "front door")
        .put("location", new JsonObject().put("lat", 17.6).put("lon", 177.03).put("ele", 370000))
        .put("private", true).put("protocol", "RTMP").put("tags", new JsonArray().add("a"))).assertOk()
        .data().getString("device_id");
    assertThat(id).matches("\\d+");

    JsonObject device = api.get("/devices/" + id).assertOk().data();
    assertThat(device.getString("id")).isEqualTo(id);
    assertThat(device.getString("title")).isEqualTo("door");
    assertThat(device.getBoolean("online")).isFalse();
    assertThat(device.getJsonObject("location").getDouble("lat")).isEqualTo(17.6);
    assertThat(device.getJsonArray("keys").getJsonObject(0).getString("title")).isEqualTo("device-auto-key");

    api.put("/devices/" + id, new JsonObject().put("title", "back door")).assertOk();
    JsonObject updated = api.get("/devices/" + id).assertOk().data();
    assertThat(updated.getString("title")).isEqualTo("back door");
    assertThat(updated.getString("desc")).as("fields not sent stay").isEqualTo("front door");

    api.delete("/devices/" + id).assertOk();
    api.get("/devices/" + id).assertError(120);
  }

  @Test
  void shouldLetDeviceKeyOperateOnlyItsOwnDevice() {
    String mine = api.createDevice("mine");
    String other = api.createDevice("other");
    String key = api.deviceKey(mine);

    api.get("/devices/" + mine, key).assertOk();
    api.call(HttpMethod.PUT, "/devices/" + mine, key, Api.buffer(new JsonObject().put("desc", "x"))).assertOk();
    api.get("/devices/" + other, key).assertError(103);
    api.call(HttpMethod.DELETE, "/devices/" + other, key, null).assertError(103);
    api.get("/ipc/video/device/QryChannel?device_id=" + other, key).assertError(103);
    JsonObject search = api.get("/devices?per_page=100", key).assertOk().data();
    assertThat(search.getInteger("total_count")).isEqualTo(1);
    assertThat(search.getJsonArray("devices").getJsonObject(0).getString("id")).isEqualTo(mine);
  }

  @Test
  void shouldApplyAuthRules() {
    api.call(HttpMethod.POST, "/devices", null, Api.buffer(new JsonObject().put("title", "x"))).assertError(101);
    api.call(HttpMethod.POST, "/devices", "wrong", Api.buffer(new JsonObject().put("title", "x"))).assertError(102);
    String key = api.deviceKey(api.createDevice("keyed"));
    api.call(HttpMethod.POST, "/devices", key, Api.buffer(new JsonObject().put("title", "x"))).assertError(104);
    api.get("/devices", null).assertError(101);
    api.get("/devices", "nope").assertError(102);
  }

  @Test
  void shouldRegisterBySnOrMacExactlyOnce() {
    JsonObject first = api.call(HttpMethod.POST, "/register_de?register_code=abc", null,
        Api.buffer(new JsonObject().put("sn", "SN-001").put("title", "cam"))).assertOk().data();
    assertThat(first.getValue("device_id")).isInstanceOf(Number.class);
    String id = first.getValue("device_id").toString();
    String key = first.getString("key");
    api.get("/devices/" + id, key).assertOk();
    JsonObject again = api.call(HttpMethod.POST, "/register_de", null,
        Api.buffer(new JsonObject().put("sn", "SN-001"))).assertOk().data();
    assertThat(again.getValue("device_id").toString()).isEqualTo(id);
    assertThat(again.getString("key")).isEqualTo(key);

    api.call(HttpMethod.POST, "/register_de", null, Api.buffer(new JsonObject().put("mac", "00:11:22:33:44:55")))
        .assertOk();
    api.call(HttpMethod.POST, "/register_de", null,
        Api.buffer(new JsonObject().put("sn", "a").put("mac", "b"))).assertError(111);
    api.call(HttpMethod.POST, "/register_de", null, Api.buffer(new JsonObject().put("title", "t"))).assertError(111);
    api.call(HttpMethod.POST, "/register_de", null,
        Api.buffer(new JsonObject().put("sn", "x".repeat(513)))).assertError(111);
    api.call(HttpMethod.POST, "/register_de", null,
        Api.buffer(new JsonObject().put("sn", "long-title").put("title", "t".repeat(33)))).assertError(111);
  }

  @Test
  void shouldSearchWithFiltersAndPagingLimits() {
    for (int i = 0; i < 5; i++) {
      api.createDevice("search-" + i);
    }
    String online = api.createOnlineCamera("search-online");
    JsonObject page = api.get("/devices?title=SEARCH-&per_page=2&page=2").assertOk().data();
    assertThat(page.getInteger("total_count")).isEqualTo(6);
    assertThat(page.getInteger("per_page")).isEqualTo(2);
    assertThat(page.getInteger("page")).isEqualTo(2);
    assertThat(page.getJsonArray("devices")).hasSize(2);

    JsonObject onlineOnly = api.get("/devices?key_words=search-&online=true").assertOk().data();
    assertThat(onlineOnly.getJsonArray("devices")).hasSize(1);
    JsonObject row = onlineOnly.getJsonArray("devices").getJsonObject(0);
    assertThat(row.getString("id")).isEqualTo(online);
    assertThat(row.getInteger("channel_count")).isEqualTo(1);
    assertThat(row.getString("create_time")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    assertThat(api.get("/devices?device_id=" + online + ",1").assertOk().data().getInteger("total_count"))
        .isEqualTo(1);

    api.get("/devices?page=10001").assertError(111);
    api.get("/devices?per_page=101").assertError(111);
    api.get("/devices?page=0").assertError(111);
    api.get("/devices?online=maybe").assertError(111);
    api.get("/devices?begin=yesterday").assertError(111);
    assertThat(api.get("/devices?page=10000").assertOk().data().getJsonArray("devices")).isEmpty();
  }
}
