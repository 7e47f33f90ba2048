package dev.edgerelay.relay.platform.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The 3.5 command bodies, compared with the spec's examples field by field. */
class DeviceCommandTest {

  @Test
  void shouldBuildStreamLevelAsSpec35A() {
    assertThat(DeviceCommand.streamLevel(1, DeviceCommand.StreamLevel.SMOOTH)).isEqualTo(new JsonObject(
        "{\"type\":\"video\",\"cmdId\":6,\"cmd\":{\"channel_id\":1,\"level\":1}}"));
  }

  @Test
  void shouldBuildPtzAsSpec35B() {
    assertThat(DeviceCommand.ptz(2, DeviceCommand.PtzAction.LEFT, 7)).isEqualTo(new JsonObject(
        "{\"type\":\"video\",\"cmdId\":7,\"cmd\":{\"channel_id\":2,\"stop\":2,\"cmd\":13,\"speed\":7}}"));
    assertThatThrownBy(() -> DeviceCommand.ptz(2, DeviceCommand.PtzAction.UP, 8)).hasMessageContaining("[1, 7]");
  }

  @Test
  void shouldBuildLocalVideoListAsSpec35C() {
    JsonObject command = DeviceCommand.localVideoList(1, 1, 20, LocalDateTime.of(2017, 9, 29, 12, 0, 31),
        LocalDateTime.of(2017, 9, 29, 13, 0, 30));
    assertThat(command).isEqualTo(new JsonObject("""
        {"type":"video","cmdId":10,"cmd":{"channel_id":1,"page":1,"start_time":"2017-09-29 12:00:31",
         "end_time":"2017-09-29 13:00:30","per_page":20}}"""));
    assertThat(DeviceCommand.localVideoList(1, 2, 5, null, null).getJsonObject("cmd").containsKey("start_time")).isFalse();
  }

  @Test
  void shouldReadTheLocalVideoListReply() {
    byte[] reply = """
        {"all_count":25,"cur_count":1,"rvods":[{"channel_id":1,"video_desc":"test123","size":222,
         "beginTime":"2017-09-29 12:00:31","endTime":"2017-09-29 13:00:30"}]}""".getBytes(StandardCharsets.UTF_8);
    LocalVideoList list = LocalVideoList.parse(reply);
    assertThat(list.allCount()).isEqualTo(25);
    assertThat(list.videos()).containsExactly(new LocalVideoList.LocalVideo(1, "test123", 222,
        "2017-09-29 12:00:31", "2017-09-29 13:00:30"));
  }

  @Test
  void shouldRefuseRequestsTheSpecForbids() {
    assertThatThrownBy(() -> new Channel(1, "bad title!", null).validated()).hasMessageContaining("letters or digits");
    assertThatThrownBy(() -> new DeviceRegistration(null, "sn", "mac", null, null)).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> NewDevice.titled("x".repeat(65))).hasMessageContaining("1 to 64");
    assertThatThrownBy(() -> DeviceSearch.all().withPage(1, 101)).hasMessageContaining("perPage");
    assertThatThrownBy(() -> CommandRequest.user("1", 2, io.vertx.core.buffer.Buffer.buffer())).hasMessageContaining("qos");
  }
}
