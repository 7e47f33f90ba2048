package dev.edgerelay.media.amf0;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds ordered property maps from name/value pairs for {@link Amf0Object} and {@link Amf0EcmaArray}. */
final class Amf0Maps {
  private Amf0Maps() {}

  static Map<String, Object> pairs(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }
}
