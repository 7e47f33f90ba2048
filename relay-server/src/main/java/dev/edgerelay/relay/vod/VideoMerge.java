package dev.edgerelay.relay.vod;

import dev.edgerelay.recorder.Page;
import dev.edgerelay.relay.cluster.SiteFanout;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One page of the union of every node's videos (spec 6.2 across nodes): each node sent its first page * size
 * videos oldest first and its total, so the union's page is cut from their merge by start time; the total is the
 * sum. Ties keep the answers' order (this node first).
 */
final class VideoMerge {
  private VideoMerge() {}

  static Page<JsonObject> page(SiteFanout.Answers answers, long page, long size) {
    List<JsonObject> all = new ArrayList<>();
    long total = 0;
    for (JsonObject answer : answers.byNode().values()) {
      total += answer.getLong("total");
      JsonArray videos = answer.getJsonArray("videos");
      for (int i = 0; i < videos.size(); i++) {
        all.add(videos.getJsonObject(i));
      }
    }
    all.sort(Comparator.comparingLong(v -> v.getLong(HeldRecordings.START_FIELD))); // stable: ties keep node order
    Page<JsonObject> cut = Page.of(all, page, size);
    cut.items().forEach(v -> v.remove(HeldRecordings.START_FIELD));
    return new Page<>(cut.items(), total, page, size);
  }
}
