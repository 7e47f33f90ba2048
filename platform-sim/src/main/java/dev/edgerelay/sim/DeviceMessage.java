package dev.edgerelay.sim;

import io.vertx.core.json.JsonObject;

/** A message a device transmitted to the platform, listed by QryDevMsg (spec 9). */
public record DeviceMessage(long msgId, String deviceId, long createdMillis, byte[] payload) {
  JsonObject toJson() {
    return new JsonObject().put("msgId", msgId).put("deviceId", deviceId).put("created", createdMillis)
        .put("payload", payload);
  }

  static DeviceMessage fromJson(JsonObject json) {
    return new DeviceMessage(json.getLong("msgId"), json.getString("deviceId"), json.getLong("created"),
        json.getBinary("payload"));
  }
}
