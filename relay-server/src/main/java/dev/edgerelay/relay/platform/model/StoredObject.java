package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/** One entry of 15.4 file list: size in bytes, date in UNIX seconds. */
public record StoredObject(String productId, String name, long size, long date, String desc) {
  public static StoredObject fromJson(JsonObject json) {
    return new StoredObject(WireFields.text(json, "product_id"), WireFields.text(json, "name"),
        WireFields.number(json, "size", 0), WireFields.number(json, "date", 0), json.getString("desc"));
  }
}
