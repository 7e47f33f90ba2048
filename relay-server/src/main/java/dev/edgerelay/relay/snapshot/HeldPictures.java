package dev.edgerelay.relay.snapshot;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.PictureRecord;
import dev.edgerelay.relay.cluster.SiteFanout;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * This node's answers about the pictures on its own disk, asked by any node of the site at
 * {@code edge.node.{name}.pictures} (docs/architecture.md, "Cluster: VOD across nodes"), this node included. A
 * snapshot is taken on the channel's origin, so after a failover a channel's pictures are on several nodes. Pictures
 * are rendered here, their {@code url} at this node.
 *
 * <p>Requests: {@code {op, device_id, channel_id, ...}}. Operations: {@code list} ({@code from}, {@code to} and a
 * {@link SiteFanout.ListWindow}: those taken in {@code [from, to)}, oldest first, and the {@code total}),
 * {@code info} and {@code delete} ({@code name}).
 */
final class HeldPictures {
  static final String TOPIC = "pictures";
  /** The field each listed picture carries for the merge by time; removed by the coordinator. */
  static final String TAKEN_FIELD = "taken_ms";

  private final SnapshotService snapshots;
  private final Function<PictureRecord, JsonObject> render;

  HeldPictures(SnapshotService snapshots, Function<PictureRecord, JsonObject> render) {
    this.snapshots = snapshots;
    this.render = render;
  }

  static JsonObject request(String op, ChannelRef channel) {
    return new JsonObject().put("op", op).put("device_id", channel.deviceId()).put("channel_id", channel.channelId());
  }

  Future<JsonObject> answer(JsonObject request) {
    ChannelRef channel = new ChannelRef(request.getString("device_id"), request.getInteger("channel_id"));
    String name = request.getString("name");
    return switch (request.getString("op", "")) {
      case "list" -> snapshots.blocking(() -> list(channel, request));
      case "info" -> snapshots.blocking(() -> snapshots.store().find(channel, name)
          .map(p -> new JsonObject().put("picture", render.apply(p))).orElse(new JsonObject()));
      case "delete" -> snapshots.blocking(() -> new JsonObject().put("found", snapshots.store().delete(channel, name)));
      default -> Future.failedFuture("unknown picture operation " + request.getString("op"));
    };
  }

  private JsonObject list(ChannelRef channel, JsonObject request) {
    List<PictureRecord> all = snapshots.store().list(channel, request.getLong("from"), request.getLong("to"));
    JsonArray pictures = new JsonArray();
    for (PictureRecord p : SiteFanout.ListWindow.cut(all, request)) {
      pictures.add(render.apply(p).put(TAKEN_FIELD, p.takenMillis()));
    }
    return new JsonObject().put("total", all.size()).put("pictures", pictures);
  }
}
