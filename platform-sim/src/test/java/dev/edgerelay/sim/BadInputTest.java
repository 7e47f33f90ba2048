package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad input anywhere gets the envelope with a non-zero errno and a sentence: never an HTML page, a stack trace
 * or a 500. One table of (method, uri, key, body, errno).
 */
class BadInputTest extends SimTestBase {

  record Case(HttpMethod method, String uri, String key, Object body, int errno) {}

  @Test
  void shouldAnswerEnvelopeForEveryBadInput() {
    String id = api.createOnlineCamera("bad-input");
    String other = api.createOnlineCamera("bad-input-other");
    String master = sim.masterKey();
    String deviceKey = api.deviceKey(id);
    String title65 = "{\"title\":\"" + "t".repeat(65) + "\"}";
    List<Case> table = List.of(
        new Case(HttpMethod.POST, "/devices", master, null, 112),
        new Case(HttpMethod.POST, "/devices", master, "not json", 112),
        new Case(HttpMethod.POST, "/devices", master, "[1,2]", 112),
        new Case(HttpMethod.POST, "/devices", master, "{}", 110),
        new Case(HttpMethod.POST, "/devices", master, title65, 111),
        new Case(HttpMethod.POST, "/devices", master, "{\"title\":7}", 111),
        new Case(HttpMethod.POST, "/devices", master, "{\"title\":\"a\",\"location\":{\"lat\":\"n\"}}", 111),
        new Case(HttpMethod.POST, "/devices", master, "{\"title\":\"a\",\"protocol\":\"EDP\"}", 111),
        new Case(HttpMethod.POST, "/devices", master, "{\"title\":\"" + "x".repeat(70 * 1024) + "\"}", 113),
        new Case(HttpMethod.PUT, "/devices/" + id, master, title65, 111),
        new Case(HttpMethod.PUT, "/devices/424242", master, "{\"title\":\"a\"}", 120),
        new Case(HttpMethod.GET, "/devices/424242", master, null, 120),
        new Case(HttpMethod.GET, "/devices/" + other, deviceKey, null, 103),
        new Case(HttpMethod.GET, "/devices/" + id, null, null, 101),
        new Case(HttpMethod.GET, "/devices/" + id, "wrong-key", null, 102),
        new Case(HttpMethod.POST, "/devices", deviceKey, "{\"title\":\"a\"}", 104),
        new Case(HttpMethod.GET, "/ipc/video/stat/getpushlist?product_id=100001", deviceKey, null, 104),
        new Case(HttpMethod.GET, "/ipc/video/play_address?device_id=" + id, master, null, 1),
        new Case(HttpMethod.GET, "/ipc/video/cmd_status?device_id=" + id, master, null, 110),
        new Case(HttpMethod.GET, "/ipc/video/vod/get_video_list?device_id=" + id + "&channel_id=1&page_start=x",
            master, null, 111),
        new Case(HttpMethod.GET, "/ipc/video/vod/get_video_info?device_id=" + id + "&channel_id=1&video_id=1",
            master, null, 127),
        new Case(HttpMethod.PUT, "/ipc/video/vod/rename_video?device_id=" + id + "&channel_id=1&video_id=1", master,
            "{\"name\":\"n\"}", 127),
        new Case(HttpMethod.GET, "/ipc/video/picture/get_info?device_id=" + id + "&channel_id=1", master, null, 110),
        new Case(HttpMethod.GET, "/ipc/video/device/QryDevStatus", master, null, 110),
        new Case(HttpMethod.GET, "/ipc/video/device/QryDevMsg?device_id=" + id + "&start_time=x&end_time=y", master,
            null, 111),
        new Case(HttpMethod.GET, "/ipc/video/record/record_video?product_id=100001&device_id=" + id
            + "&channel_id=1&action=go", master, null, 111),
        new Case(HttpMethod.GET, "/no/such/route", master, null, 140),
        new Case(HttpMethod.PATCH, "/devices", master, null, 141),
        new Case(HttpMethod.GET, "/ipc/video/picture/get_list?device_id=%zz", master, null, 111));
    for (Case c : table) {
      Api.Reply reply = api.call(c.method(), c.uri(), c.key(), Api.buffer(c.body()));
      assertThat(reply.body().toString()).as("%s %s", c.method(), c.uri()).doesNotContain("<html");
      reply.assertError(c.errno());
    }
  }

  @Test
  void shouldAnswerUnknownRouteWith404Envelope() {
    Api.Reply reply = api.get("/nothing/here", null).assertError(140);
    assertThat(reply.status()).isEqualTo(404);
  }
}
