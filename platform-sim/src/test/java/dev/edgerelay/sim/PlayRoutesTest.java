package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Spec 4.1 play_address (errno 1-5), token expiry on the stepped clock, 4.2 preload and 4.3 live_preview. */
class PlayRoutesTest extends SimTestBase {

  private JsonObject play(String id, int channel, int protocol, String extra) {
    return api.get("/ipc/video/play_address?device_id=" + id + "&channel_id=" + channel + "&protocol_type=" + protocol
        + extra).assertOk().data();
  }

  @Test
  void shouldAnswerAddressPerProtocol() {
    String id = api.createOnlineCamera("play");
    JsonObject rtmp = play(id, 1, 0, "");
    assertThat(rtmp.getString("addr")).isEqualTo("10.0.0.5:1935");
    assertThat(rtmp.getString("type")).isEqualTo("rtmp");
    assertThat(rtmp.getString("accessToken")).hasSize(32);
    String http = "127.0.0.1:" + sim.httpPort();
    assertThat(play(id, 1, 1, "").getString("addr")).isEqualTo(http);
    assertThat(play(id, 1, 1, "").getString("type")).isEqualTo("http");
    assertThat(play(id, 1, 2, "").getString("type")).isEqualTo("https");
    assertThat(play(id, 1, 3, "").getString("type")).isEqualTo("http");
    assertThat(play(id, 1, 4, "").getString("type")).isEqualTo("https");
    assertThat(play(id, 1, 1, "").getString("coveraddr")).isEqualTo(http);

    PlayGrant grant = sim.state().checkPlayToken(rtmp.getString("accessToken")).orElseThrow();
    assertThat(grant.deviceId()).isEqualTo(id);
    assertThat(grant.channelId()).isEqualTo(1);
    assertThat(grant.isLive()).isTrue();
  }

  @Test
  void shouldAnswerDocumentedErrnos() {
    String id = api.createOnlineCamera("play-errors");
    api.get("/ipc/video/play_address?channel_id=1&protocol_type=0").assertError(1);
    api.get("/ipc/video/play_address?device_id=" + id + "&channel_id=1&protocol_type=5").assertError(1);
    api.get("/ipc/video/play_address?device_id=" + id + "&channel_id=x&protocol_type=0").assertError(1);
    api.get("/ipc/video/play_address?device_id=" + id + "&channel_id=1&protocol_type=0&timeout=0").assertError(1);
    api.get("/ipc/video/play_address?device_id=" + id + "&channel_id=9&protocol_type=0").assertError(3);
    api.get("/ipc/video/play_address?device_id=123&channel_id=1&protocol_type=0").assertError(3);
    api.call(HttpMethod.POST, "/sim/devices/" + id + "/offline", null, null).assertOk();
    api.get("/ipc/video/play_address?device_id=" + id + "&channel_id=1&protocol_type=0").assertError(4);
    api.call(HttpMethod.POST, "/sim/devices/" + id + "/online", null, null).assertOk();
    api.call(HttpMethod.PUT, "/ipc/video/access_control/closecamera?product_id=100001&device_id=" + id + "&id=1",
        sim.masterKey(), Api.buffer(new JsonObject().put("type", 1))).assertOk();
    api.get("/ipc/video/play_address?device_id=" + id + "&channel_id=1&protocol_type=0").assertError(5);
    api.call(HttpMethod.PUT, "/ipc/video/access_control/closecamera?product_id=100001&device_id=" + id + "&id=1",
        sim.masterKey(), Api.buffer(new JsonObject().put("type", 0))).assertOk();
    play(id, 1, 0, "");
  }

  @Test
  void shouldExpireTokensOnTheClock() {
    String id = api.createOnlineCamera("expiry");
    String shortLived = play(id, 1, 0, "&timeout=1000").getString("accessToken");
    String forever = play(id, 1, 0, "&timeout=-1").getString("accessToken");
    String byDefault = play(id, 1, 1, "").getString("accessToken");
    clock.advance(Duration.ofMillis(999));
    assertThat(sim.state().checkPlayToken(shortLived)).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(sim.state().checkPlayToken(shortLived)).isEmpty();
    assertThat(sim.state().checkPlayToken(byDefault)).isPresent();
    clock.advance(Duration.ofMillis(SimOptions.DEFAULT_TOKEN_LIFETIME_MILLIS));
    assertThat(sim.state().checkPlayToken(byDefault)).isEmpty();
    assertThat(sim.state().checkPlayToken(forever)).isPresent();

    api.call(HttpMethod.POST, "/sim/tokens/expire", null, null).assertOk();
    assertThat(sim.state().checkPlayToken(forever)).isEmpty();
  }

  @Test
  void shouldCheckTokenOnPreloadAndPreview() {
    String id = api.createOnlineCamera("preview");
    String token = play(id, 1, 1, "").getString("accessToken");
    api.get("/live/live_" + id + "_1/preload?token=" + token + "&idle_time=120", null).assertOk();
    api.get("/live/live_" + id + "_1/preload?token=" + token + "&idle_time=121", null).assertError(111);
    api.get("/live/live_" + id + "_1/preload?token=bad", null).assertError(131);
    api.get("/live/live_" + id + "_2/preload?token=" + token, null).assertError(131);

    for (String stream : new String[] {id + "_1", id + "-1"}) {
      Api.Reply jpeg = api.get("/live_preview/" + stream + "?token=" + token, null);
      assertThat(jpeg.status()).isEqualTo(200);
      assertThat(jpeg.contentType()).isEqualTo("image/jpeg");
      assertThat(jpeg.body().getByte(0)).isEqualTo((byte) 0xFF);
      assertThat(jpeg.body().getByte(1)).isEqualTo((byte) 0xD8);
    }
    assertThat(api.get("/live_preview/" + id + "_1?token=nope", null).assertError(131).status()).isEqualTo(403);
  }

  @Test
  void shouldKeepDeviceKeyToItsOwnDevice() {
    String mine = api.createOnlineCamera("play-mine");
    String other = api.createOnlineCamera("play-other");
    String key = api.deviceKey(mine);
    api.get("/ipc/video/play_address?device_id=" + mine + "&channel_id=1&protocol_type=0", key).assertOk();
    api.get("/ipc/video/play_address?device_id=" + other + "&channel_id=1&protocol_type=0", key).assertError(103);
    api.get("/ipc/video/play_address?device_id=" + mine + "&channel_id=1&protocol_type=0", null).assertError(101);
  }
}
