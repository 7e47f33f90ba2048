package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/** One message a device sent (9 QryDevMsg); {@code msg} arrives base64 and is decoded here. */
public record DeviceMessage(String createTime, long msgId, byte[] msg) {
  public static DeviceMessage fromJson(JsonObject json) {
    return new DeviceMessage(json.getString("create_time"), WireFields.number(json, "msg_id", 0),
        WireFields.base64(json.getString("msg"), "msg"));
  }
}
