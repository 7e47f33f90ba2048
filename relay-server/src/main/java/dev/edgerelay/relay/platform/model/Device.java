package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A device as 1.4 (get) and 1.5 (search) answer it. {@code raw} keeps the whole object because the
 * spec lists more fields ("......") than it names.
 */
public record Device(String id, String title, String desc, boolean online, String protocol,
    boolean isPrivate, Location location, String createTime, String lastLogin, int channelCount,
    List<Key> keys, JsonObject raw) {

  /** One api-key of the device (1.4 {@code keys[]}). */
  public record Key(String title, String key) {}

  public static Device fromJson(JsonObject json) {
    List<Key> keys = new ArrayList<>();
    JsonArray array = json.getJsonArray("keys");
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        JsonObject key = array.getJsonObject(i);
        keys.add(new Key(key.getString("title"), key.getString("key")));
      }
    }
    return new Device(
        WireFields.text(json, "id"),
        json.getString("title"),
        json.getString("desc"),
        WireFields.flag(json, "online"),
        json.getString("protocol"),
        WireFields.flag(json, "private"),
        Location.fromJson(json.getJsonObject("location")),
        json.getString("create_time"),
        json.getString("last_login"),
        (int) WireFields.number(json, "channel_count", 0),
        List.copyOf(keys),
        json.copy());
  }
}
