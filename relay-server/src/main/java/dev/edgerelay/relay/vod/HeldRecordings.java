package dev.edgerelay.relay.vod;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.Matches;
import dev.edgerelay.recorder.catalog.RecordingCatalog;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.record.RecordingService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;

/**
 * This node's answers about the recordings on its own disk, asked by any node of the site at
 * {@code edge.node.{name}.vod} (docs/architecture.md, "Cluster: VOD across nodes"), this node included. Videos are
 * rendered here, with this node's addresses in {@code hls_url} and {@code rtmp_url}, so a coordinator only merges.
 *
 * <p>Requests: {@code {op, device_id, channel_id, ...}}. Operations: {@code list} ({@code from}, {@code to},
 * {@code name}, and a {@link SiteFanout.ListWindow}: those matches, oldest first, and the {@code total}), {@code info}
 * ({@code video_id}), {@code rename} ({@code video_id}, {@code name}), {@code delete} ({@code ids}) and
 * {@code segments} ({@code from}, {@code to}: {@code [start, duration, discontinuity]} triples in time order).
 */
public final class HeldRecordings {
  /** The fan-out topic of VOD questions. */
  public static final String TOPIC = "vod";
  /** The field each listed video carries for the merge by time; removed before the answer leaves the coordinator. */
  static final String START_FIELD = "start_ms";

  private final RecordingService recorder;
  private final NodeAddress node;
  private final ZoneId zone;

  public HeldRecordings(RecordingService recorder, NodeAddress node, ZoneId zone) {
    this.recorder = recorder;
    this.node = node;
    this.zone = zone;
  }

  static JsonObject request(String op, ChannelRef channel) {
    return new JsonObject().put("op", op).put("device_id", channel.deviceId()).put("channel_id", channel.channelId());
  }

  /** Answers one request; never blocks the caller (the catalog is read on the recorder's workers). */
  public Future<JsonObject> answer(JsonObject request) {
    ChannelRef channel = new ChannelRef(request.getString("device_id"), request.getInteger("channel_id"));
    return switch (request.getString("op", "")) {
      case "list" -> recorder.blocking(() -> list(channel, request));
      case "info" -> recorder.blocking(() -> recorder.catalog().video(channel, request.getLong("video_id"))
          .map(v -> new JsonObject().put("video", withSize(v, render(v)))).orElse(new JsonObject()));
      case "rename" -> recorder.blocking(() -> new JsonObject().put("found",
          recorder.catalog().renameVideo(channel, request.getLong("video_id"), request.getString("name"))));
      case "delete" -> recorder.blocking(() -> delete(channel, request.getJsonArray("ids")));
      case "segments" -> recorder.blocking(() -> segments(channel, request));
      default -> Future.failedFuture("unknown VOD operation " + request.getString("op"));
    };
  }

  private JsonObject list(ChannelRef channel, JsonObject request) {
    // only the window is read and rendered; the total is counted in the index (RecordingCatalog.videos)
    Matches<VideoRecord> window = recorder.catalog().videos(channel, request.getLong("from"), request.getLong("to"),
        request.getString("name"), new RecordingCatalog.Window(request.getLong("offset"), request.getLong("limit")));
    JsonArray videos = new JsonArray();
    for (VideoRecord v : window.items()) {
      videos.add(withSize(v, render(v)).put(START_FIELD, v.startMillis()));
    }
    return new JsonObject().put("total", window.total()).put("videos", videos);
  }

  private JsonObject delete(ChannelRef channel, JsonArray ids) throws Exception {
    JsonArray deleted = new JsonArray();
    for (Object id : ids) {
      if (recorder.catalog().deleteVideo(channel, ((Number) id).longValue())) {
        deleted.add(id);
      }
    }
    return new JsonObject().put("deleted", deleted);
  }

  private JsonObject segments(ChannelRef channel, JsonObject request) {
    JsonArray out = new JsonArray();
    for (SegmentRecord s : recorder.catalog().segments(channel, request.getLong("from"), request.getLong("to"))) {
      out.add(new JsonArray().add(s.startMillis()).add(s.durationMillis()).add(s.discontinuity()));
    }
    return new JsonObject().put("segments", out);
  }

  /** The spec 6.1/6.2 fields every rendering shares, with URLs at this node. */
  JsonObject render(VideoRecord v) {
    String rvod = "/rvod/" + v.channel() + "-" + TimeRange.formatDigits(v.startMillis(), zone) + "-"
        + TimeRange.formatDigits(v.endMillis() + 999, zone);
    return new JsonObject().put("videoid", Long.toString(v.videoId())).put("video_id", Long.toString(v.videoId()))
        .put("name", v.name())
        .put("start", TimeRange.formatWire(v.startMillis(), zone)).put("end", TimeRange.formatWire(v.endMillis(), zone))
        .put("start_time", TimeRange.formatWire(v.startMillis(), zone))
        .put("end_time", TimeRange.formatWire(v.endMillis(), zone))
        .put("hls_url", "http://" + node.http() + "/vod/" + v.channel() + "-" + v.videoId() + "/index.m3u8")
        .put("rtmp_url", "rtmp://" + node.rtmp() + rvod);
  }

  /** Size in KB and duration in seconds as numbers (spec 6.2's list); info turns them into strings (spec 6.1). */
  private static JsonObject withSize(VideoRecord v, JsonObject rendered) {
    return rendered.put("size", v.sizeBytes() / 1024).put("durtion", v.durationMillis() / 1000)
        .put("duration", v.durationMillis() / 1000);
  }
}
