package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Spec 13: master key only, rows fed through SimState, page_key valid five minutes. */
class StatRoutesTest extends SimTestBase {
  private static final String BASE = "/ipc/video/stat/";

  @Test
  void shouldPageViewersWithPageKeyForFiveMinutes() {
    for (int i = 0; i < 3; i++) {
      sim.state().stats().putViewer(new StreamSession("v" + i, "2479989", i + 1, i == 2 ? "HLS" : "RTMP",
          "172.19.3." + i, "H264", "1280 * 720", 25, "", 91392, START.toEpochMilli()));
    }
    clock.advance(Duration.ofSeconds(283));
    JsonObject first = api.get(BASE + "getonlinelist?product_id=100001&page_size=2").assertOk().json();
    assertThat(first.getJsonArray("result")).hasSize(2);
    JsonObject row = first.getJsonArray("result").getJsonObject(0);
    assertThat(row.getLong("productid")).isEqualTo(100001);
    assertThat(row.getLong("deviceid")).isEqualTo(2479989);
    assertThat(row.getString("clientip")).isEqualTo("172.19.3.0");
    assertThat(row.getString("onlinetime")).isEqualTo("00:04:43");
    JsonObject info = first.getJsonObject("page_info");
    assertThat(info.getInteger("total_num")).isEqualTo(3);
    assertThat(info.getInteger("page_total")).isEqualTo(2);
    String pageKey = info.getString("page_key");

    sim.state().stats().removeViewer("v0");
    JsonObject second = api.get(BASE + "getonlinelist?product_id=100001&page_size=2&page=2&page_key=" + pageKey)
        .assertOk().json();
    assertThat(second.getJsonArray("result")).as("the page key keeps the first query's rows").hasSize(1);
    assertThat(api.get(BASE + "getonlinelist?productid=100001&protocoltype=HLS").json().getJsonArray("result"))
        .hasSize(1);

    clock.advance(Duration.ofMinutes(5));
    api.get(BASE + "getonlinelist?product_id=100001&page=2&page_key=" + pageKey).assertError(128);
  }

  @Test
  void shouldListPushesWithPushFields() {
    sim.state().stats().putPush(new StreamSession("p1", "2479989", 3, "RTMP", "172.19.3.98", "H264", "640 * 480",
        25, "AAC", 95230, START.toEpochMilli()));
    JsonObject row = api.get(BASE + "getpushlist?product_id=100001&deviceid=2479989").assertOk().json()
        .getJsonArray("result").getJsonObject(0);
    assertThat(row.getString("puship")).isEqualTo("172.19.3.98");
    assertThat(row.getString("audiocodec")).isEqualTo("AAC");
    assertThat(row.containsKey("pushtime")).isTrue();
    assertThat(api.get(BASE + "getpushlist?product_id=100001&deviceid=1").json().getJsonArray("result")).isEmpty();
    assertThat(sim.state().stats().removePush("p1")).isTrue();
  }

  @Test
  void shouldRequireMasterKeyAndProduct() {
    String key = api.deviceKey(api.createDevice("stat-device"));
    api.get(BASE + "getonlinelist?product_id=100001", key).assertError(104);
    api.get(BASE + "getpushlist?product_id=100001", key).assertError(104);
    api.get(BASE + "getpushlist?product_id=100001", null).assertError(101);
    api.get(BASE + "getpushlist").assertError(110);
    api.get(BASE + "getpushlist?product_id=1").assertError(121);
    api.get(BASE + "getpushlist?product_id=100001&page_key=unknown").assertError(128);
  }
}
