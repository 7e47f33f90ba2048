package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/** Answer of 10 boot_address: where device SDKs ask (UDP) for an access server. */
public record BootAddress(String host, int port) {
  public static BootAddress fromJson(JsonObject data) {
    return new BootAddress(data.getString("boot_address"), (int) WireFields.number(data, "boot_port", 0));
  }
}
