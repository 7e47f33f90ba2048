package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * A channel of a device: 2.1 answers it, 2.3 and 2.4 send it as query parameters. The title is
 * "no longer than 64 and only numbers, letters or combinations" (spec 2.3).
 */
public record Channel(int channelId, String title, String desc) {

  public static final int MAX_TITLE_LENGTH = 64;
  private static final Pattern TITLE = Pattern.compile("[A-Za-z0-9]{1," + MAX_TITLE_LENGTH + "}");

  public static Channel fromJson(JsonObject json) {
    return new Channel((int) WireFields.number(json, "channel_id", 0), json.getString("title"), json.getString("desc"));
  }

  /** Throws when the title breaks the rule of 2.3 / 2.4, before a request is wasted on it. */
  public Channel validated() {
    if (title == null || !TITLE.matcher(title).matches()) {
      throw new IllegalArgumentException("channel title must be 1 to " + MAX_TITLE_LENGTH
          + " letters or digits, got '" + title + "'");
    }
    return this;
  }
}
