package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/** A device location (spec 1.1): {@code ele} height, {@code lat}, {@code lon}; height optional. */
public record Location(Double ele, double lat, double lon) {

  public static Location fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    Double ele = json.getValue("ele") instanceof Number n ? n.doubleValue() : null;
    return new Location(ele, json.getDouble("lat", 0.0), json.getDouble("lon", 0.0));
  }

  public JsonObject toJson() {
    return WireFields.putIfPresent(new JsonObject(), "ele", ele).put("lat", lat).put("lon", lon);
  }
}
