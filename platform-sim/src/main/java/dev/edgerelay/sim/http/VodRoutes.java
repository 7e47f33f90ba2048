package dev.edgerelay.sim.http;

import dev.edgerelay.sim.Channel;
import dev.edgerelay.sim.Device;
import dev.edgerelay.sim.PlayGrant;
import dev.edgerelay.sim.Recording;
import dev.edgerelay.sim.VodLibrary;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.List;

/**
 * Spec 6.1-6.5 over the recordings the emulator holds. Play URLs follow the rvod form of spec 4.1
 * ({@code /rvod/{dev}-{ch}-{begin}-{end}}, 14-digit times); {@code security=1} gives https and rtmpe.
 */
final class VodRoutes {
  static final int MAX_NAME = 256;
  static final int DEFAULT_PAGE_SIZE = 10;
  /** delete_video ids per request at most. */
  static final int MAX_DELETE_IDS = 100;
  private static final String BASE = "/ipc/video/vod/";

  private final SimContext sim;
  private final VodLibrary library;

  VodRoutes(SimContext sim) {
    this.sim = sim;
    this.library = sim.state().recordings();
  }

  void mount(Router router) {
    router.route(HttpMethod.GET, BASE + "get_video_info").handler(this::info);
    router.route(HttpMethod.GET, BASE + "get_video_list").handler(this::list);
    router.route(HttpMethod.POST, BASE + "delete_video").handler(Envelope.body(Envelope.JSON_BODY_LIMIT))
        .handler(this::delete);
    router.route(HttpMethod.PUT, BASE + "rename_video").handler(Envelope.body(Envelope.JSON_BODY_LIMIT))
        .handler(this::rename);
    router.route(HttpMethod.GET, BASE + "get_play_token").handler(this::playToken);
  }

  private Channel channel(RoutingContext ctx, Params params) {
    // delete_video spells them deviceid / channeled (API-NOTES "Wire names")
    Device device = sim.device(ctx, params, "device_id", "deviceid");
    return sim.channel(device, params, "channel_id", "channeled", "channelid");
  }

  private Recording recording(RoutingContext ctx, Params params) {
    Channel channel = channel(ctx, params);
    String videoId = params.required("video_id", "videoid");
    return library.get(channel.deviceId(), channel.channelId(), videoId)
        .orElseThrow(() -> new ApiException(SimError.VIDEO_NOT_FOUND));
  }

  private boolean secure(Params params) {
    return params.optionalInt(0, 0, 1, "security") == 1;
  }

  private void info(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Recording r = recording(ctx, params);
    JsonObject json = render(r, secure(params));
    // spec 6.1 gives size and durtion as strings, under the document's spelling
    json.put("size", Long.toString(r.sizeBytes() / 1024)).put("durtion", Long.toString(r.durationSeconds()))
        .put("duration", Long.toString(r.durationSeconds()));
    Envelope.ok(ctx, "data", json);
  }

  private void list(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Channel channel = channel(ctx, params);
    ZoneId zone = sim.state().clock().getZone();
    String start = params.optional("start_time");
    String end = params.optional("end_time");
    long from = start == null ? Long.MIN_VALUE : WireTime.parse(start, zone, "start_time");
    long to = end == null ? Long.MAX_VALUE : WireTime.parse(end, zone, "end_time");
    String name = params.optional("name");
    int page = Paging.pageStart(params);
    int size = Paging.pageSize(params, DEFAULT_PAGE_SIZE);
    boolean secure = secure(params);
    List<Recording> matches = library.list(channel.deviceId(), channel.channelId()).stream()
        .filter(r -> r.endMillis() >= from && r.startMillis() <= to)
        .filter(r -> name == null || r.name().contains(name))
        .toList();
    JsonArray videos = new JsonArray();
    Paging.slice(matches, page, size).forEach(r -> videos.add(render(r, secure).put("size", r.sizeBytes() / 1024)));
    Envelope.send(ctx, 200, Envelope.succ().put("data", new JsonObject().put("videos", videos))
        .put("page_info", Paging.info(matches.size(), size, page)));
  }

  /** Spec 6.3: one {@code {code, message}} per id, 0 deleted, 1 "not exist". */
  private void delete(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Channel channel = channel(ctx, params);
    Object video = params.jsonBody().getValue("video");
    if (!(video instanceof JsonArray ids) || ids.size() > MAX_DELETE_IDS) {
      throw new ApiException(SimError.BODY_INVALID, "The body must be {\"video\":[{\"videoId\":\"..\"},..]} with at most "
          + MAX_DELETE_IDS + " ids");
    }
    JsonArray results = new JsonArray();
    for (Object item : ids) {
      Object id = item instanceof JsonObject o ? o.getValue("videoId", o.getValue("video_id")) : null;
      if (!(id instanceof String) && !(id instanceof Number)) {
        throw new ApiException(SimError.BODY_INVALID, "Each entry of video must be {\"videoId\":\"..\"}");
      }
      boolean deleted = library.delete(channel.deviceId(), channel.channelId(), String.valueOf(id));
      results.add(deleted ? new JsonObject().put("code", 0) : new JsonObject().put("code", 1).put("message", "not exist"));
    }
    Envelope.ok(ctx, "data", results);
  }

  private void rename(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Recording r = recording(ctx, params);
    String name = DeviceAttributes.string(params.jsonBody().getValue("name"), "name", MAX_NAME);
    if (name.isEmpty()) {
      throw new ApiException(SimError.PARAM_INVALID, "Field name must not be empty");
    }
    library.rename(r.deviceId(), r.channelId(), r.videoId(), name);
    Envelope.ok(ctx);
  }

  private void playToken(RoutingContext ctx) {
    Recording r = recording(ctx, Params.of(ctx));
    PlayGrant grant = sim.state().issueToken(r.deviceId(), r.channelId(), r.videoId(),
        sim.options().tokenLifetimeMillis());
    Envelope.ok(ctx, "data", new JsonObject().put("token", grant.token()));
  }

  private JsonObject render(Recording r, boolean secure) {
    ZoneId zone = sim.state().clock().getZone();
    String rvod = "/rvod/" + r.deviceId() + "-" + r.channelId() + "-" + WireTime.rvod(r.startMillis(), zone) + "-"
        + WireTime.rvod(r.endMillis(), zone);
    return new JsonObject().put("videoid", r.videoId()).put("name", r.name())
        .put("start", WireTime.format(r.startMillis(), zone)).put("end", WireTime.format(r.endMillis(), zone))
        .put("hls_url", (secure ? "https://" : "http://") + sim.httpAddress() + rvod + "/index.m3u8")
        .put("rtmp_url", (secure ? "rtmpe://" : "rtmp://") + sim.rtmpAddress() + rvod);
  }
}
