package dev.edgerelay.sim;

import io.vertx.core.json.JsonObject;

/** An object of the product's public object storage (spec 15). */
public record StoredObject(String productId, String name, String desc, long dateSeconds, byte[] data) {
  JsonObject toJson() {
    return new JsonObject().put("productId", productId).put("name", name).put("desc", desc)
        .put("date", dateSeconds).put("data", data);
  }

  static StoredObject fromJson(JsonObject json) {
    return new StoredObject(json.getString("productId"), json.getString("name"), json.getString("desc", ""),
        json.getLong("date"), json.getBinary("data"));
  }
}
