package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

/** Spec 2.1-2.4 with errno 16 and 17. */
class ChannelRoutesTest extends SimTestBase {
  private static final String BASE = "/ipc/video/device/";

  @Test
  void shouldAddQueryModifyAndDeleteChannels() {
    String id = api.createDevice("channels");
    api.post(BASE + "AddChannel?device_id=" + id + "&channel_id=20&title=test_qwer&desc=1qwqwq/", null).assertOk();
    api.post(BASE + "AddChannel?device_id=" + id + "&channel_id=100&title=myquto", null).assertOk();
    api.post(BASE + "AddChannel?device_id=" + id + "&channel_id=20&title=again", null).assertError(16)
        .json().getString("error").equals("The channel already exists,cannot add again!");

    JsonArray result = api.get(BASE + "QryChannel?device_id=" + id).assertOk().json().getJsonArray("result");
    assertThat(result).hasSize(2);
    assertThat(result.getJsonObject(0).getInteger("channel_id")).isEqualTo(20);
    assertThat(result.getJsonObject(0).getString("title")).isEqualTo("test_qwer");
    assertThat(result.getJsonObject(0).getString("desc")).isEqualTo("1qwqwq/");

    api.post(BASE + "ModifyChannel?device_id=" + id + "&channel_id=100&title=renamed", null).assertOk();
    assertThat(api.get(BASE + "QryChannel?device_id=" + id).json().getJsonArray("result").getJsonObject(1)
        .getString("title")).isEqualTo("renamed");
    assertThat(api.post(BASE + "ModifyChannel?device_id=" + id + "&channel_id=7&title=x", null).assertError(17)
        .json().getString("error")).isEqualTo("This channel is not available under this device!");

    api.delete(BASE + "DelChannel?device_id=" + id + "&channel_id=20").assertOk();
    api.delete(BASE + "DelChannel?device_id=" + id + "&channel_id=20").assertError(17);
    assertThat(api.get(BASE + "QryChannel?device_id=" + id).json().getJsonArray("result")).hasSize(1);
  }

  @Test
  void shouldRejectBadChannelInput() {
    String id = api.createDevice("channel-input");
    api.post(BASE + "AddChannel?device_id=" + id + "&channel_id=1&title=" + "a".repeat(65), null).assertError(111);
    api.post(BASE + "AddChannel?device_id=" + id + "&channel_id=1&title=a%20b", null).assertError(111);
    api.post(BASE + "AddChannel?device_id=" + id + "&channel_id=1", null).assertError(110);
    api.post(BASE + "AddChannel?device_id=" + id + "&channel_id=one&title=a", null).assertError(111);
    api.post(BASE + "AddChannel?device_id=999&channel_id=1&title=a", null).assertError(120);
    api.get(BASE + "QryChannel").assertError(110);
    api.get(BASE + "QryChannel?device_id=abc").assertError(111);
    api.post(BASE + "AddChannel?device_id=" + id + "&channel_id=1&title=" + "a".repeat(64), null).assertOk();
  }
}
