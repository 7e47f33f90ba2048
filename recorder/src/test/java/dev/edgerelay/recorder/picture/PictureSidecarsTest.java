package dev.edgerelay.recorder.picture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.PictureRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The sidecar's JSON: the bytes nodes have written so far, read back whatever the field order. */
class PictureSidecarsTest {
  static final PictureRecord DOOR = new PictureRecord(new ChannelRef("4001", 2), 5_000, "door", "jpg",
      "front \"door\", 早上", 100, true);

  @Test
  void shouldWriteOneCompactObjectFieldByField() throws Exception {
    assertThat(new String(PictureSidecars.toJson(DOOR), StandardCharsets.UTF_8)).isEqualTo("{\"device_id\":\"4001\","
        + "\"channel_id\":2,\"name\":\"door\",\"format\":\"jpg\",\"desc\":\"front \\\"door\\\", 早上\",\"upload\":true,"
        + "\"taken_ms\":5000,\"size\":100}");
  }

  @Test
  void shouldReadFieldsInAnyOrderSkipUnknownOnesAndDefaultTheDescription() throws Exception {
    String json = "{\"size\":100,\"extra\":{\"a\":[1,2]},\"taken_ms\":5000,\"upload\":true,\"format\":\"jpg\","
        + "\"name\":\"door\",\"channel_id\":2,\"device_id\":\"4001\"}";

    PictureRecord read = PictureSidecars.fromJson(json.getBytes(StandardCharsets.UTF_8));

    assertThat(read).isEqualTo(new PictureRecord(DOOR.channel(), 5_000, "door", "jpg", "", 100, true));
    assertThat(PictureSidecars.fromJson(PictureSidecars.toJson(DOOR))).isEqualTo(DOOR);
  }

  @Test
  void shouldRefuseASidecarWithAFieldMissingOrOfTheWrongType() {
    assertThatThrownBy(() -> PictureSidecars.fromJson("{\"device_id\":\"4001\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("channel_id is missing");
    assertThatThrownBy(() -> PictureSidecars.fromJson(("{\"device_id\":\"4001\",\"channel_id\":\"2\",\"taken_ms\":1,"
        + "\"name\":\"a\",\"format\":\"jpg\",\"size\":1,\"upload\":false}").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("channel_id is not a Long");
  }
}
