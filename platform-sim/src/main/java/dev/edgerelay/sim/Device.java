package dev.edgerelay.sim;

import io.vertx.core.json.JsonObject;

/**
 * One device of the product (spec 1). The free-form attributes of spec 1.1/1.3 (title, desc, private,
 * location, tags, auth_info, area, other, url, idsn, ...) are kept as their JSON; the emulator's own
 * facts (id, online, key, registration code) are fields.
 *
 * @param id numeric string assigned by the emulator
 * @param attributes spec 1.1 attributes under their wire names, copied on the way in and out
 * @param online whether the (simulated) device is connected
 * @param createdMillis creation time, for {@code create_time} and the begin/end search filters
 * @param lastLoginMillis last time it came online, 0 when never
 * @param key the device's own api-key ("device-auto-key"): operates this device only
 * @param sn registration serial number of spec 1.2, or null
 * @param mac registration MAC of spec 1.2, or null
 */
public record Device(String id, JsonObject attributes, boolean online, long createdMillis, long lastLoginMillis,
                     String key, String sn, String mac) {
  public Device {
    attributes = attributes.copy();
  }

  @Override
  public JsonObject attributes() {
    return attributes.copy();
  }

  public String title() {
    return attributes.getString("title", "");
  }

  /** Seeded by {@code --cameras} (attribute {@code other.synthetic}): the emulator publishes its channels. */
  public boolean isSynthetic() {
    return attributes.getJsonObject("other", new JsonObject()).getBoolean("synthetic", false);
  }

  public Device withAttributes(JsonObject replaced) {
    return new Device(id, replaced, online, createdMillis, lastLoginMillis, key, sn, mac);
  }

  public Device withOnline(boolean nowOnline, long nowMillis) {
    long login = nowOnline && !online ? nowMillis : lastLoginMillis;
    return new Device(id, attributes, nowOnline, createdMillis, login, key, sn, mac);
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id).put("attributes", attributes).put("online", online)
        .put("created", createdMillis).put("lastLogin", lastLoginMillis).put("key", key)
        .put("sn", sn).put("mac", mac);
  }

  static Device fromJson(JsonObject json) {
    return new Device(json.getString("id"), json.getJsonObject("attributes", new JsonObject()),
        json.getBoolean("online", false), json.getLong("created", 0L), json.getLong("lastLogin", 0L),
        json.getString("key"), json.getString("sn"), json.getString("mac"));
  }
}
