package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/**
 * Answer of 3.1 cmds. When the status is {@link CommandStatus#DEVICE_REPLIED} the device's answer is
 * inline ({@code dev_resp}): its code (0 success) and its data, decoded from base64.
 */
public record CommandReceipt(String cmdUuid, CommandStatus status, Integer respCode, byte[] respData) {

  public static CommandReceipt fromJson(JsonObject data) {
    JsonObject reply = data.getJsonObject("dev_resp");
    Integer code = reply == null ? null : (int) WireFields.number(reply, "resp_code", 0);
    byte[] bytes = reply == null ? new byte[0] : WireFields.base64(reply.getString("resp_data"), "resp_data");
    return new CommandReceipt(data.getString("cmd_uuid"), CommandStatus.of(WireFields.number(data, "cmd_status", 1)),
        code, bytes);
  }
}
