package dev.edgerelay.sim;

import io.vertx.core.json.JsonObject;

/** A channel (camera) of a device, spec 2. */
public record Channel(String deviceId, int channelId, String title, String desc) {
  JsonObject toJson() {
    return new JsonObject().put("deviceId", deviceId).put("channelId", channelId).put("title", title)
        .put("desc", desc);
  }

  static Channel fromJson(JsonObject json) {
    return new Channel(json.getString("deviceId"), json.getInteger("channelId"), json.getString("title"),
        json.getString("desc", ""));
  }
}
