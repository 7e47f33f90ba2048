package dev.edgerelay.sim.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Checks the device attributes of spec 1.1 (create) and 1.3 (update): each known field must have its type;
 * unknown fields are ignored, as the platform ignores reserved ones.
 */
final class DeviceAttributes {
  /** Spec 1.1: "device name ... within 64 characters". */
  static final int MAX_TITLE = 64;
  /** Spec 1.2: registration title "up to 32 characters". */
  static final int MAX_REGISTER_TITLE = 32;
  /** Desc has no bound in the spec; the emulator keeps 1024 characters, like object storage descs. */
  static final int MAX_DESC = 1024;
  private static final String[] STRINGS = {"desc", "url", "idsn", "activate_code", "route_to", "auth"};

  private DeviceAttributes() {}

  /** The checked attributes of {@code body}; {@code creating} makes the title mandatory. */
  static JsonObject check(JsonObject body, boolean creating) {
    JsonObject out = new JsonObject();
    Object title = body.getValue("title");
    if (title == null && creating) {
      throw invalid(SimError.PARAM_MISSING, "Missing required field title");
    }
    if (title != null) {
      out.put("title", string(title, "title", MAX_TITLE));
    }
    for (String name : STRINGS) {
      if (body.getValue(name) != null) {
        out.put(name, string(body.getValue(name), name, name.equals("desc") ? MAX_DESC : 512));
      }
    }
    Object protocol = body.getValue("protocol");
    if (protocol != null && !"RTMP".equalsIgnoreCase(String.valueOf(protocol))) {
      throw invalid(SimError.PARAM_INVALID, "Field protocol must be \"RTMP\"");
    }
    if (body.getValue("private") != null) {
      if (!(body.getValue("private") instanceof Boolean b)) {
        throw invalid(SimError.PARAM_INVALID, "Field private must be true or false");
      }
      out.put("private", b);
    }
    if (body.getValue("interval") != null) {
      if (!(body.getValue("interval") instanceof Number n)) {
        throw invalid(SimError.PARAM_INVALID, "Field interval must be a number");
      }
      out.put("interval", n.longValue());
    }
    if (body.getValue("area") != null) {
      Object area = body.getValue("area");
      if (!(area instanceof String) && !(area instanceof Number)) {
        throw invalid(SimError.PARAM_INVALID, "Field area must be an area code (string or number)");
      }
      out.put("area", String.valueOf(area));
    }
    if (body.getValue("location") != null) {
      out.put("location", location(body.getValue("location")));
    }
    if (body.getValue("tags") != null) {
      out.put("tags", tags(body.getValue("tags")));
    }
    if (body.getValue("other") != null) {
      if (!(body.getValue("other") instanceof JsonObject other)) {
        throw invalid(SimError.PARAM_INVALID, "Field other must be a JSON object");
      }
      out.put("other", other);
    }
    if (body.getValue("auth_info") != null) {
      Object auth = body.getValue("auth_info");
      if (!(auth instanceof JsonObject) && !(auth instanceof String)) {
        throw invalid(SimError.PARAM_INVALID, "Field auth_info must be a JSON object or a string");
      }
      out.put("auth_info", auth);
    }
    return out;
  }

  static String string(Object value, String name, int max) {
    if (!(value instanceof String s)) {
      throw invalid(SimError.PARAM_INVALID, "Field " + name + " must be a string");
    }
    if (s.length() > max) {
      throw invalid(SimError.PARAM_INVALID, "Field " + name + " is over " + max + " characters");
    }
    return s;
  }

  private static JsonObject location(Object value) {
    if (!(value instanceof JsonObject location)) {
      throw invalid(SimError.PARAM_INVALID, "Field location must be {\"ele\":..,\"lat\":..,\"lon\":..}");
    }
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : location) {
      if (!(e.getValue() instanceof Number n)) {
        throw invalid(SimError.PARAM_INVALID, "Field location." + e.getKey() + " must be a number");
      }
      out.put(e.getKey(), n.doubleValue());
    }
    return out;
  }

  private static JsonArray tags(Object value) {
    if (!(value instanceof JsonArray tags) || !tags.stream().allMatch(t -> t instanceof String)) {
      throw invalid(SimError.PARAM_INVALID, "Field tags must be an array of strings");
    }
    return tags;
  }

  private static ApiException invalid(SimError error, String sentence) {
    return new ApiException(error, sentence);
  }
}
