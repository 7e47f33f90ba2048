package dev.edgerelay.sim;

import io.vertx.core.json.JsonObject;

/** A picture uploaded for a device-channel (spec 5); the name is unique per device-channel. */
public record Picture(String deviceId, int channelId, String name, String format, String desc, long dateSeconds,
                      byte[] data) {
  JsonObject toJson() {
    return new JsonObject().put("deviceId", deviceId).put("channelId", channelId).put("name", name)
        .put("format", format).put("desc", desc).put("date", dateSeconds).put("data", data);
  }

  static Picture fromJson(JsonObject json) {
    return new Picture(json.getString("deviceId"), json.getInteger("channelId"), json.getString("name"),
        json.getString("format"), json.getString("desc", ""), json.getLong("date"), json.getBinary("data"));
  }
}
