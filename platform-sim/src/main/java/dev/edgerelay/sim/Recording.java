package dev.edgerelay.sim;

import io.vertx.core.json.JsonObject;

/** A recording the platform holds for VOD (spec 6); sizes in bytes, the API reports KB. */
public record Recording(String videoId, String deviceId, int channelId, String name, long startMillis,
                        long endMillis, long sizeBytes) {
  public long durationSeconds() {
    return Math.max(0, (endMillis - startMillis) / 1000);
  }

  public Recording withName(String newName) {
    return new Recording(videoId, deviceId, channelId, newName, startMillis, endMillis, sizeBytes);
  }

  JsonObject toJson() {
    return new JsonObject().put("videoId", videoId).put("deviceId", deviceId).put("channelId", channelId)
        .put("name", name).put("start", startMillis).put("end", endMillis).put("size", sizeBytes);
  }

  static Recording fromJson(JsonObject json) {
    return new Recording(json.getString("videoId"), json.getString("deviceId"), json.getInteger("channelId"),
        json.getString("name"), json.getLong("start"), json.getLong("end"), json.getLong("size"));
  }
}
