package dev.edgerelay.relay.upload;

import dev.edgerelay.relay.config.ConfigException;
import java.util.Locale;

/** What a channel uploads (issue 7): nothing, every finished segment, or what {@code POST /edge/upload} asks. */
public enum UploadPolicy {
  NONE,
  ALL,
  ON_REQUEST;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static UploadPolicy parse(String option, String text) {
    for (UploadPolicy p : values()) {
      if (p.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new ConfigException("--" + option + " must be none, all or on-request, got '" + text + "'");
  }
}
