package dev.edgerelay.media.amf0;

import java.util.List;
import java.util.Map;

/**
 * A bounded text of an AMF0 value for logs and error sentences. Decoded values share objects through
 * references (spec 2.9), so the plain {@code toString} of a hostile value can be exponentially long;
 * this walk stops as soon as it has written {@link #MAX_CHARS} characters and ends the text with "...".
 */
public final class Amf0Summary {
  /** Enough for a connect command object in full; a log line stays far below 1 KB. */
  public static final int MAX_CHARS = 256;
  private static final String ELLIPSIS = "...";

  private final StringBuilder out = new StringBuilder();
  private final int maxChars;

  private Amf0Summary(int maxChars) {
    this.maxChars = maxChars;
  }

  /** At most {@link #MAX_CHARS} characters (plus "...") describing {@code value}. */
  public static String of(Object value) {
    return of(value, MAX_CHARS);
  }

  /** At most {@code maxChars} characters (plus "...") describing {@code value}. */
  public static String of(Object value, int maxChars) {
    Amf0Summary summary = new Amf0Summary(maxChars);
    boolean whole = summary.append(value);
    return whole ? summary.out.toString() : summary.out.append(ELLIPSIS).toString();
  }

  /** Appends {@code value}; false once the budget is spent, which stops every enclosing walk. */
  private boolean append(Object value) {
    if (value instanceof Amf0Object o) {
      return text("Amf0Object") && entries(o.properties());
    } else if (value instanceof Amf0EcmaArray a) {
      return text("Amf0EcmaArray") && entries(a.entries());
    } else if (value instanceof List<?> list) {
      if (!text("[")) {
        return false;
      }
      for (int i = 0; i < list.size(); i++) {
        if ((i > 0 && !text(", ")) || !append(list.get(i))) {
          return false;
        }
      }
      return text("]");
    }
    return text(String.valueOf(value));
  }

  private boolean entries(Map<String, Object> map) {
    if (!text("{")) {
      return false;
    }
    boolean first = true;
    for (Map.Entry<String, Object> e : map.entrySet()) {
      if ((!first && !text(", ")) || !text(e.getKey()) || !text("=") || !append(e.getValue())) {
        return false;
      }
      first = false;
    }
    return text("}");
  }

  private boolean text(String s) {
    int room = maxChars - out.length();
    if (s.length() > room) {
      out.append(s, 0, Math.max(room, 0));
      return false;
    }
    out.append(s);
    return true;
  }
}
