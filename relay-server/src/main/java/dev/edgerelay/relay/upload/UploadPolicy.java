package dev.edgerelay.relay.upload;

import dev.edgerelay.relay.options.ConfigException;
import java.util.Locale;

/** What a channel uploads: nothing, every finished segment, or what {@code POST /edge/upload} asks. */
public enum UploadPolicy {
  NONE,
  ALL,
  ON_REQUEST;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** @param field the setting the text came from, named in the ConfigException when it is none of the three */
  public static UploadPolicy parse(String field, String text) {
    for (UploadPolicy p : values()) {
      if (p.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new ConfigException(field, "must be none, all or on-request, got '" + text + "'");
  }
}
