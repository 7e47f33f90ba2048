package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/**
 * Body of 1.1 "add device" (master key). Only {@code title} is required; the protocol is always
 * RTMP (the spec: "must RTMP"). Null fields are not sent.
 */
public record NewDevice(String title, String desc, Location location, Boolean isPrivate,
    JsonObject authInfo, String area, JsonObject other) {

  /** Spec 1.1: "within 64 characters". */
  public static final int MAX_TITLE_LENGTH = 64;

  public NewDevice {
    if (title == null || title.isEmpty() || title.length() > MAX_TITLE_LENGTH) {
      throw new IllegalArgumentException("title must have 1 to " + MAX_TITLE_LENGTH + " characters, got '" + title + "'");
    }
  }

  public static NewDevice titled(String title) {
    return new NewDevice(title, null, null, null, null, null, null);
  }

  public NewDevice withDesc(String newDesc) {
    return new NewDevice(title, newDesc, location, isPrivate, authInfo, area, other);
  }

  public NewDevice withAuthInfo(JsonObject newAuthInfo) {
    return new NewDevice(title, desc, location, isPrivate, newAuthInfo, area, other);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("title", title).put("protocol", "RTMP");
    WireFields.putIfPresent(json, "desc", desc);
    WireFields.putIfPresent(json, "location", location == null ? null : location.toJson());
    WireFields.putIfPresent(json, "private", isPrivate);
    WireFields.putIfPresent(json, "auth_info", authInfo);
    WireFields.putIfPresent(json, "area", area);
    return WireFields.putIfPresent(json, "other", other);
  }
}
