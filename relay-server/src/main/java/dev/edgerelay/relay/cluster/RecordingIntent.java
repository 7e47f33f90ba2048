package dev.edgerelay.relay.cluster;

import io.vertx.core.json.JsonObject;

/**
 * A channel's recording intent as the site shares it in {@code edge.recording} (docs/architecture.md, "Cluster:
 * recording"): on or off, when it was set and by which node. The last writer wins: the later {@code updatedAt},
 * then on equal times the greater node name, so every node picks the same winner.
 */
public record RecordingIntent(boolean on, long updatedAtMillis, String by) {

  public RecordingIntent {
    by = by == null ? "" : by;
  }

  /** Whether this intent replaces {@code other} (null: there is none yet). */
  public boolean newerThan(RecordingIntent other) {
    if (other == null) {
      return true;
    }
    if (updatedAtMillis != other.updatedAtMillis) {
      return updatedAtMillis > other.updatedAtMillis;
    }
    return by.compareTo(other.by) > 0;
  }

  public JsonObject toJson() {
    return new JsonObject().put("on", on).put("updated_at", updatedAtMillis).put("by", by);
  }

  /** The JSON text stored in {@code edge.recording}: {@code {"on": true, "updated_at": 1733150000000, "by": "box-1"}}. */
  public String encode() {
    return toJson().encode();
  }

  public static RecordingIntent decode(String text) {
    JsonObject json = new JsonObject(text);
    return new RecordingIntent(json.getBoolean("on", false), json.getLong("updated_at", 0L), json.getString("by", ""));
  }
}
