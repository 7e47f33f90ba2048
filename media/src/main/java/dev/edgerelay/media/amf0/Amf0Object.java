package dev.edgerelay.media.amf0;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AMF0 anonymous object (spec 2.5): properties in wire order. Immutable once built; the order is
 * kept because some peers read connect's command object positionally.
 */
public final class Amf0Object {
  private final Map<String, Object> properties;

  public Amf0Object(Map<String, ?> properties) {
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** Builds from alternating name/value pairs: {@code of("level", "status", "code", "...")}. */
  public static Amf0Object of(Object... namesAndValues) {
    return new Amf0Object(Amf0Maps.pairs(namesAndValues));
  }

  public Map<String, Object> properties() {
    return properties;
  }

  public Object get(String name) {
    return properties.get(name);
  }

  /** The property as a string, or null when absent or of another type. */
  public String string(String name) {
    return properties.get(name) instanceof String s ? s : null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Amf0Object other && properties.equals(other.properties);
  }

  @Override
  public int hashCode() {
    return properties.hashCode();
  }

  /** A bounded summary: references can make the whole text exponentially long (see {@link Amf0Summary}). */
  @Override
  public String toString() {
    return Amf0Summary.of(this);
  }
}
