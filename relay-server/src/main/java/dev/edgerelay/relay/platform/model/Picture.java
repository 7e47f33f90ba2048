package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/** A stored picture (5.2, 5.3): size in bytes, date in UNIX seconds, {@code url} for 5.5. */
public record Picture(String format, long size, long date, String name, String desc, String url) {
  public static Picture fromJson(JsonObject json) {
    return new Picture(json.getString("format"), WireFields.number(json, "size", 0), WireFields.number(json, "date", 0),
        WireFields.text(json, "name"), json.getString("desc"), json.getString("url"));
  }
}
