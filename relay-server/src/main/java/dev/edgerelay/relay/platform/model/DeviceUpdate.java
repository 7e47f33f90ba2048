package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Body of 1.3 update: "only needs to include which field" changes, so null fields are not sent. */
public record DeviceUpdate(String title, String desc, Boolean isPrivate, List<String> tags,
    Location location, String url, JsonObject authInfo, String area, JsonObject other) {

  public static DeviceUpdate none() {
    return new DeviceUpdate(null, null, null, null, null, null, null, null, null);
  }

  public DeviceUpdate withTitle(String newTitle) {
    return new DeviceUpdate(newTitle, desc, isPrivate, tags, location, url, authInfo, area, other);
  }

  public DeviceUpdate withDesc(String newDesc) {
    return new DeviceUpdate(title, newDesc, isPrivate, tags, location, url, authInfo, area, other);
  }

  public DeviceUpdate withTags(List<String> newTags) {
    return new DeviceUpdate(title, desc, isPrivate, newTags, location, url, authInfo, area, other);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    WireFields.putIfPresent(json, "title", title);
    WireFields.putIfPresent(json, "desc", desc);
    WireFields.putIfPresent(json, "private", isPrivate);
    WireFields.putIfPresent(json, "tags", tags == null ? null : new JsonArray(List.copyOf(tags)));
    WireFields.putIfPresent(json, "location", location == null ? null : location.toJson());
    WireFields.putIfPresent(json, "url", url);
    WireFields.putIfPresent(json, "auth_info", authInfo);
    WireFields.putIfPresent(json, "area", area);
    return WireFields.putIfPresent(json, "other", other);
  }
}
