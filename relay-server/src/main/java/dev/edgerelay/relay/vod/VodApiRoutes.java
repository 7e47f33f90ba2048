package dev.edgerelay.relay.vod;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.Page;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.relay.http.ApiEnvelope;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.http.RequestParams;
import dev.edgerelay.relay.http.RouteAnswer;
import dev.edgerelay.relay.record.RecordingService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.ZoneId;

/**
 * The platform's VOD API over this node's recordings (spec 6.1-6.5), in the platform's wire shapes
 * (API-NOTES: {@code videoid}, {@code durtion}, {@code deviceid}/{@code channeled} on delete_video),
 * so an app written for the cloud lists and plays local recordings by changing its base URL.
 */
public final class VodApiRoutes {
  static final String BASE = "/ipc/video/vod/";
  static final int MAX_DELETE_IDS = 100;
  /** delete_video's body (spec 6.3), as error sentences show it. */
  static final String DELETE_SHAPE = "{\"video\":[{\"videoId\":\"...\"}]} with at most " + MAX_DELETE_IDS + " ids";
  static final int DEFAULT_PAGE_SIZE = 10;
  static final int MAX_PAGE_SIZE = 100;
  /** Lifetime of a get_play_token token. */
  static final long TOKEN_LIFETIME_MILLIS = 3_600_000;

  private final RecordingService recorder;
  private final EdgeAuth auth;
  private final VodAccess access;
  private final NodeAddress node;
  private final ZoneId zone;

  public VodApiRoutes(RecordingService recorder, EdgeAuth auth, VodAccess access, NodeAddress node, ZoneId zone) {
    this.recorder = recorder;
    this.auth = auth;
    this.access = access;
    this.node = node;
    this.zone = zone;
  }

  /** Mounts the routes; JSON bodies (delete_video, rename_video) are refused past {@code maxJsonBodyBytes} (413). */
  public void mount(Router router, int maxJsonBodyBytes) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(maxJsonBodyBytes);
    router.get(BASE + "get_video_list").handler(this::list);
    router.get(BASE + "get_video_info").handler(this::info);
    router.post(BASE + "delete_video").handler(body).handler(this::delete);
    router.put(BASE + "rename_video").handler(body).handler(this::rename);
    router.get(BASE + "get_play_token").handler(this::playToken);
  }

  private ChannelRef channel(RoutingContext ctx) {
    RequestParams params = new RequestParams(ctx);
    String device = params.required("device_id", "deviceid");
    String channel = params.required("channel_id", "channeled", "channelid");
    auth.callerFor(ctx, device);
    return RequestParams.channel(device, (int) RequestParams.wholeNumber("channel_id", channel, 0, Integer.MAX_VALUE));
  }

  private static long videoId(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw notFound(text);
    }
  }

  private static RuntimeException notFound(Object id) {
    return new ApiError(200, EdgeErrno.VIDEO_NOT_FOUND, "no recording with video_id "
        + RequestParams.shown(String.valueOf(id)) + " on this device-channel: get_video_list gives the ids").exception();
  }

  private VideoRecord video(RoutingContext ctx, ChannelRef channel) throws Exception {
    String id = new RequestParams(ctx).required("video_id", "videoid");
    return recorder.catalog().video(channel, videoId(id)).orElseThrow(() -> notFound(id));
  }

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

  /** Spec 6.2: videos overlapping the filters, a page at a time ({@code page_start} counts from 1). */
  private void list(RoutingContext ctx) {
    ChannelRef channel = channel(ctx);
    RequestParams params = new RequestParams(ctx);
    String start = params.optional("start_time");
    String end = params.optional("end_time");
    long from = start == null ? 0 : TimeRange.wire(start, zone, "start_time");
    long to = end == null ? Long.MAX_VALUE : TimeRange.wire(end, zone, "end_time");
    String name = params.optional("name");
    long page = params.optionalLong("page_start", 1, 1, Long.MAX_VALUE); // past the end: an empty page
    int size = params.optionalInt("page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    recorder.blocking(() -> recorder.catalog().videos(channel, from, to, name, page, size))
        .onComplete(RouteAnswer.with(ctx, found -> sendList(ctx, found)));
  }

  private void sendList(RoutingContext ctx, Page<VideoRecord> found) {
    JsonArray videos = new JsonArray();
    for (VideoRecord v : found.items()) {
      videos.add(render(v).put("size", v.sizeBytes() / 1024).put("durtion", v.durationMillis() / 1000)
          .put("duration", v.durationMillis() / 1000));
    }
    JsonObject pageInfo = new JsonObject().put("total_num", found.total()).put("page_total", found.pageTotal())
        .put("page_size", found.size()).put("current_page", found.page());
    ApiEnvelope.send(ctx.response(), 200, ApiEnvelope.ok(new JsonObject().put("videos", videos))
        .put("page_info", pageInfo));
  }

  /** Spec 6.1: size in KB and {@code durtion} in seconds, as strings, under the document's spelling. */
  private void info(RoutingContext ctx) {
    ChannelRef channel = channel(ctx);
    recorder.blocking(() -> video(ctx, channel)).onComplete(RouteAnswer.with(ctx, v ->
        ApiEnvelope.sendOk(ctx.response(), render(v).put("size", Long.toString(v.sizeBytes() / 1024))
            .put("durtion", Long.toString(v.durationMillis() / 1000))
            .put("duration", Long.toString(v.durationMillis() / 1000)))));
  }

  /** Spec 6.3: one {@code {code, message}} per id, 0 deleted, 1 "not exist" (API-NOTES codes). */
  private void delete(RoutingContext ctx) {
    ChannelRef channel = channel(ctx);
    Object video = jsonBody(ctx, DELETE_SHAPE).getValue("video");
    if (!(video instanceof JsonArray ids) || ids.size() > MAX_DELETE_IDS) {
      throw ApiError.invalid("the body must be " + DELETE_SHAPE).exception();
    }
    recorder.blocking(() -> {
      JsonArray results = new JsonArray();
      for (Object item : ids) {
        Object id = item instanceof JsonObject o ? o.getValue("videoId", o.getValue("video_id")) : null;
        boolean deleted = false;
        if (id instanceof String || id instanceof Number) {
          try {
            deleted = recorder.catalog().deleteVideo(channel, Long.parseLong(String.valueOf(id).trim()));
          } catch (NumberFormatException e) {
            deleted = false;
          }
        }
        results.add(deleted ? new JsonObject().put("code", 0).put("message", "succ")
            : new JsonObject().put("code", 1).put("message", "not exist"));
      }
      return results;
    }).onComplete(RouteAnswer.with(ctx, results -> ApiEnvelope.sendOk(ctx.response(), results)));
  }

  /** Spec 6.4: a non-empty name of at most {@value VideoRecord#MAX_NAME_LENGTH} characters. */
  private void rename(RoutingContext ctx) {
    ChannelRef channel = channel(ctx);
    Object raw = jsonBody(ctx, "{\"name\":\"...\"}").getValue("name");
    if (!(raw instanceof String name) || name.isBlank() || name.length() > VideoRecord.MAX_NAME_LENGTH
        || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiError.invalid("name must be text of 1 to " + VideoRecord.MAX_NAME_LENGTH
          + " characters without control characters").exception();
    }
    recorder.blocking(() -> {
      VideoRecord v = video(ctx, channel);
      recorder.catalog().renameVideo(channel, v.videoId(), name);
      return null;
    }).onComplete(RouteAnswer.with(ctx, done -> ApiEnvelope.sendOk(ctx.response(), null)));
  }

  /** Spec 6.5: a token for one video; without video_id, one for time ranges of the channel (rvod). */
  private void playToken(RoutingContext ctx) {
    ChannelRef channel = channel(ctx);
    if (new RequestParams(ctx).optional("video_id", "videoid") == null) {
      ApiEnvelope.sendOk(ctx.response(), new JsonObject().put("token",
          access.tokens().issue(VodAccess.key(channel), VodAccess.RVOD_SCOPE, TOKEN_LIFETIME_MILLIS)));
      return;
    }
    recorder.blocking(() -> video(ctx, channel)).onComplete(RouteAnswer.with(ctx, v -> {
      String token = access.tokens().issue(VodAccess.key(channel), Long.toString(v.videoId()), TOKEN_LIFETIME_MILLIS);
      ApiEnvelope.sendOk(ctx.response(), new JsonObject().put("token", token));
    }));
  }

  /**
   * The body as a JSON object, or the errno 111 answer saying what shape to send ({@code expected}); never the
   * parser's own words, which name its classes and positions.
   */
  private static JsonObject jsonBody(RoutingContext ctx, String expected) {
    Buffer raw = ctx.body().buffer();
    Object value;
    try {
      value = raw == null || raw.length() == 0 ? null : Json.decodeValue(raw);
    } catch (DecodeException e) {
      throw ApiError.invalid("the body is not valid JSON: send " + expected).exception();
    }
    if (!(value instanceof JsonObject body)) {
      throw ApiError.invalid("the body must be a JSON object: send " + expected).exception();
    }
    return body;
  }
}
