package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/**
 * 1.2 register_de: creates a device from a registration code, no key. Exactly one of {@code sn} and
 * {@code mac} is sent (spec: "must fill in one of them, and can only pass one").
 */
public record DeviceRegistration(String registerCode, String sn, String mac, String title, Integer area) {

  /** Spec 1.2: sn and mac "up to 512 characters". */
  public static final int MAX_ID_LENGTH = 512;
  /** Spec 1.2: title "up to 32 characters". */
  public static final int MAX_TITLE_LENGTH = 32;

  public DeviceRegistration {
    if ((sn == null) == (mac == null)) {
      throw new IllegalArgumentException("exactly one of sn and mac must be given");
    }
    String id = sn != null ? sn : mac;
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("sn/mac must have 1 to " + MAX_ID_LENGTH + " characters");
    }
    if (title != null && title.length() > MAX_TITLE_LENGTH) {
      throw new IllegalArgumentException("title must have at most " + MAX_TITLE_LENGTH + " characters");
    }
  }

  public static DeviceRegistration bySerial(String registerCode, String sn, String title) {
    return new DeviceRegistration(registerCode, sn, null, title, null);
  }

  public static DeviceRegistration byMac(String registerCode, String mac, String title) {
    return new DeviceRegistration(registerCode, null, mac, title, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    WireFields.putIfPresent(json, "sn", sn);
    WireFields.putIfPresent(json, "mac", mac);
    WireFields.putIfPresent(json, "title", title);
    return WireFields.putIfPresent(json, "area", area);
  }

  /** Answer of 1.2: the new device and a key that can operate only this device. */
  public record Registered(String deviceId, String key) {
    public static Registered fromJson(JsonObject data) {
      return new Registered(WireFields.text(data, "device_id"), data.getString("key"));
    }
  }
}
