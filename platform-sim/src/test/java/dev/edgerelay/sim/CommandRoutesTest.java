package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Eventually;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Spec 3.1-3.3: qos 0 and 1, the status lifecycle with a simulated device, and cmd_resp kept 60 s. */
class CommandRoutesTest extends SimTestBase {

  private int status(String device, String uuid) {
    return api.get("/ipc/video/cmd_status?device_id=" + device + "&cmd_uuid=" + uuid).assertOk().data()
        .getInteger("status");
  }

  @Test
  void shouldAnswerQos0AsSent() {
    String id = api.createOnlineCamera("qos0");
    JsonObject data = api.post("/ipc/video/cmds?device_id=" + id + "&qos=0&type=1", "{\"ptz\":1}").assertOk().data();
    assertThat(data.getInteger("cmd_status")).isEqualTo(2);
    assertThat(status(id, data.getString("cmd_uuid"))).isEqualTo(2);
    api.get("/ipc/video/cmd_resp?device_id=" + id + "&cmd_uuid=" + data.getString("cmd_uuid")).assertError(123);
  }

  @Test
  void shouldRunQos1LifecycleAndKeepReplySixtySeconds() throws Exception {
    String id = api.createOnlineCamera("qos1");
    JsonObject data = api.post("/ipc/video/cmds?device_id=" + id + "&qos=1", "hello device").assertOk().data();
    assertThat(data.getInteger("cmd_status")).isEqualTo(1);
    String uuid = data.getString("cmd_uuid");
    String desc = Eventually.value("the command answered (status 4)", Duration.ofSeconds(5),
        () -> api.get("/ipc/video/cmd_status?device_id=" + id + "&cmd_uuid=" + uuid).data(),
        d -> d.getInteger("status") == 4).getString("desc");
    assertThat(desc).isEqualTo("resp ok");

    String resp = api.get("/ipc/video/cmd_resp?device_id=" + id + "&cmd_uuid=" + uuid).assertOk().json()
        .getString("resp");
    assertThat(new String(Base64.getDecoder().decode(resp), StandardCharsets.UTF_8)).isEqualTo("hello device");

    clock.advance(Duration.ofSeconds(59));
    api.get("/ipc/video/cmd_resp?device_id=" + id + "&cmd_uuid=" + uuid).assertOk();
    clock.advance(Duration.ofSeconds(1));
    api.get("/ipc/video/cmd_resp?device_id=" + id + "&cmd_uuid=" + uuid).assertError(124);
  }

  @Test
  void shouldReplyToVideoListQueryWithRecordings() throws Exception {
    String id = api.createOnlineCamera("videolist");
    sim.state().recordings().add(id, 1, "morning", START.toEpochMilli() - 3_600_000, START.toEpochMilli(), 4096);
    String body = new JsonObject().put("type", "video").put("cmdId", 10)
        .put("cmd", new JsonObject().put("channel_id", 1).put("page", 1).put("per_page", 20)).encode();
    String uuid = api.post("/ipc/video/cmds?device_id=" + id + "&qos=1", body).assertOk().data().getString("cmd_uuid");
    Eventually.until("the command answered (status 4)", Duration.ofSeconds(5), () -> status(id, uuid) == 4);
    String resp = api.get("/ipc/video/cmd_resp?device_id=" + id + "&cmd_uuid=" + uuid).json().getString("resp");
    JsonObject list = new JsonObject(new String(Base64.getDecoder().decode(resp), StandardCharsets.UTF_8));
    assertThat(list.getInteger("all_count")).isEqualTo(1);
    assertThat(list.getJsonArray("rvods").getJsonObject(0).getString("video_desc")).isEqualTo("morning");
    assertThat(list.getJsonArray("rvods").getJsonObject(0).getString("beginTime")).isEqualTo("2026-11-26 09:00:00");
  }

  @Test
  void shouldAnswerStatusZeroForOfflineDevice() {
    String id = api.createDevice("offline");
    JsonObject data = api.post("/ipc/video/cmds?device_id=" + id + "&qos=1", "x").assertOk().data();
    assertThat(data.getInteger("cmd_status")).isZero();
  }

  @Test
  void shouldRejectBadCommands() {
    String id = api.createOnlineCamera("badcmd");
    api.post("/ipc/video/cmds?device_id=" + id + "&qos=2", "x").assertError(111);
    api.post("/ipc/video/cmds?device_id=" + id, "").assertError(112);
    api.post("/ipc/video/cmds?qos=1", "x").assertError(110);
    api.post("/ipc/video/cmds?device_id=" + id, new byte[64 * 1024]).assertError(113);
    api.post("/ipc/video/cmds?device_id=" + id, new byte[64 * 1024 - 1]).assertOk();
    api.get("/ipc/video/cmd_status?device_id=" + id + "&cmd_uuid=nope").assertError(122);
    api.get("/ipc/video/cmd_resp?device_id=" + id).assertError(110);
  }
}
