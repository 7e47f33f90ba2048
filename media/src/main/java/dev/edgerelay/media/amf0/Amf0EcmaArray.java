package dev.edgerelay.media.amf0;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AMF0 ECMA array (spec 2.10): an associative array, in practice onMetaData's payload. Kept apart
 * from {@link Amf0Object} so that a decoded value re-encodes with its own marker.
 */
public final class Amf0EcmaArray {
  private final Map<String, Object> entries;

  public Amf0EcmaArray(Map<String, ?> entries) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public static Amf0EcmaArray of(Object... namesAndValues) {
    return new Amf0EcmaArray(Amf0Maps.pairs(namesAndValues));
  }

  public Map<String, Object> entries() {
    return entries;
  }

  public Object get(String name) {
    return entries.get(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Amf0EcmaArray other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  /** A bounded summary: references can make the whole text exponentially long (see {@link Amf0Summary}). */
  @Override
  public String toString() {
    return Amf0Summary.of(this);
  }
}
