package dev.edgerelay.relay.platform.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Base64 payloads (3.1 resp_data, 3.3 resp, 9 msg) arrive decoded; other lenient readers. */
class PayloadDecodingTest {

  @Test
  void shouldDecodeDeviceMessagesOfSpec9() {
    DeviceMessage message = DeviceMessage.fromJson(new JsonObject(
        "{\"create_time\":\"2018-01-04 16:27:40\",\"msg_id\":4398046511104,\"msg\":\"bXlfdGVzdF8xMjM0NQ==\"}"));
    assertThat(new String(message.msg(), StandardCharsets.UTF_8)).isEqualTo("my_test_12345");
    assertThat(message.msgId()).isEqualTo(4398046511104L);
  }

  @Test
  void shouldDecodeTheInlineDeviceReplyOfCmds() {
    CommandReceipt receipt = CommandReceipt.fromJson(new JsonObject(
        "{\"cmd_uuid\":\"2303-312-Fws\",\"cmd_status\":4,\"dev_resp\":{\"resp_code\":0,\"resp_data\":\"aGk=\"}}"));
    assertThat(receipt.status()).isEqualTo(CommandStatus.DEVICE_REPLIED);
    assertThat(receipt.respCode()).isZero();
    assertThat(new String(receipt.respData(), StandardCharsets.US_ASCII)).isEqualTo("hi");
    CommandReceipt pending = CommandReceipt.fromJson(new JsonObject("{\"cmd_uuid\":\"u\",\"cmd_status\":1}"));
    assertThat(pending.respCode()).isNull();
    assertThat(pending.respData()).isEmpty();
  }

  @Test
  void shouldNameTheFieldWhenBase64IsBroken() {
    assertThatThrownBy(() -> WireFields.base64("not*base64", "resp")).hasMessageContaining("'resp'");
  }

  @Test
  void shouldReadNumbersSentAsStringsAndIdsSentAsNumbers() {
    JsonObject json = new JsonObject("{\"device_id\":21442,\"size\":\"1234\",\"online\":\"true\"}");
    assertThat(WireFields.text(json, "device_id")).isEqualTo("21442");
    assertThat(WireFields.number(json, "size", -1)).isEqualTo(1234);
    assertThat(WireFields.number(json, "absent", -1)).isEqualTo(-1);
    assertThat(WireFields.flag(json, "online")).isTrue();
    assertThatThrownBy(() -> WireFields.number(new JsonObject("{\"n\":\"x\"}"), "n", 0)).hasMessageContaining("'n'");
  }

  @Test
  void shouldSettleCommandsAsSpec31Says() {
    assertThat(CommandStatus.SENT.settled(0)).isTrue();
    assertThat(CommandStatus.SENT.settled(1)).isFalse();
    assertThat(CommandStatus.DEVICE_REPLIED.settled(1)).isTrue();
    assertThat(CommandStatus.SENDING.settled(0)).isFalse();
    assertThat(CommandStatus.DEVICE_OFFLINE.settled(1)).isTrue();
    assertThatThrownBy(() -> CommandStatus.of(7)).hasMessageContaining("0 to 6");
  }
}
