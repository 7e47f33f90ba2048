package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/** One device of the 8 QryDevStatus answer. */
public record DeviceOnline(String id, boolean online) {
  public static DeviceOnline fromJson(JsonObject json) {
    return new DeviceOnline(WireFields.text(json, "id"), WireFields.flag(json, "online"));
  }
}
