package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;
import java.util.Base64;

/**
 * Lenient readers for answer fields. The platform writes some numbers as strings (6.1 {@code "size":
 * "1234"}) and some ids as numbers (1.2 {@code "device_id": 21442}); a typed answer must read both.
 */
public final class WireFields {
  private WireFields() {}

  /** The field as text whether it was sent as a string or a number; null when absent. */
  public static String text(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null ? null : value.toString();
  }

  /** The field as a long whether sent as a number or a numeric string; {@code fallback} when absent. */
  public static long number(JsonObject json, String key, long fallback) {
    Object value = json.getValue(key);
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s && !s.isBlank()) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("field '" + key + "' is not a number: '" + s + "'", e);
      }
    }
    return fallback;
  }

  /** The field as a boolean, accepting {@code true}, {@code "true"} and 1. */
  public static boolean flag(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.intValue() != 0;
    }
    return value instanceof String s && ("true".equalsIgnoreCase(s) || "1".equals(s));
  }

  /** Decodes a base64 payload (3.3 cmd_resp, 3.1 resp_data, 9 msg); empty for an absent field. */
  public static byte[] base64(String encoded, String field) {
    if (encoded == null || encoded.isEmpty()) {
      return new byte[0];
    }
    try {
      return Base64.getMimeDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field '" + field + "' is not base64: " + e.getMessage(), e);
    }
  }

  /** Puts {@code value} under {@code key} only when it is not null: partial updates (1.3) send only what changes. */
  public static JsonObject putIfPresent(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
    return json;
  }
}
