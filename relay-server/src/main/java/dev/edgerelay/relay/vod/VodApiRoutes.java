package dev.edgerelay.relay.vod;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.Page;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.http.ApiEnvelope;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.RequestParams;
import dev.edgerelay.relay.http.RouteAnswer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The platform's VOD API over this node's recordings (spec 6.1-6.5), in the platform's wire shapes
 * (API-NOTES: {@code videoid}, {@code durtion}, {@code deviceid}/{@code channeled} on delete_video),
 * so an app written for the cloud lists and plays local recordings by changing its base URL. On a site of nodes
 * every call covers the recordings of every node (docs/architecture.md, "Cluster: VOD across nodes"): lists merge
 * by time, by-id calls act on the node holding the video, and an answer missing a node is marked partial.
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

  /**
   * On a site of nodes, the deepest item of the merged list a page may reach: each node sends its first page * size
   * videos, so a deep page would make every node ship its whole channel. A single node pages without a bound.
   */
  static final long MAX_MERGED_VIDEOS = 10_000;

  private final SiteFanout fanout;
  private final EdgeAuth auth;
  private final VodAccess access;
  private final ZoneId zone;

  /** @param fanout asks every node holding recordings, this one answering through {@link HeldRecordings} */
  public VodApiRoutes(SiteFanout fanout, EdgeAuth auth, VodAccess access, ZoneId zone) {
    this.fanout = fanout;
    this.auth = auth;
    this.access = access;
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
      throw notFound(text, List.of());
    }
  }

  private static RuntimeException notFound(Object id, List<String> unavailable) {
    return new ApiError(200, EdgeErrno.VIDEO_NOT_FOUND, "no recording with video_id "
        + RequestParams.shown(String.valueOf(id)) + " on this device-channel"
        + (unavailable.isEmpty() ? "" : " on the nodes that answered (not answering: " + String.join(", ", unavailable)
            + "; retry once they are back)") + ": get_video_list gives the ids").exception();
  }

  private long videoId(RoutingContext ctx) {
    return videoId(new RequestParams(ctx).required("video_id", "videoid"));
  }

  /** Asks every node holding recordings (this one alone when it has no peers) about {@code channel}. */
  private Future<SiteFanout.Answers> ask(String op, ChannelRef channel, JsonObject fields) {
    return fanout.ask(HeldRecordings.TOPIC, HeldRecordings.request(op, channel).mergeIn(fields));
  }

  /**
   * Spec 6.2: videos overlapping the filters, a page at a time ({@code page_start} counts from 1), over the union
   * of every node's videos in start order; each video's URLs point at the node holding it.
   */
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
    SiteFanout.ListWindow window = fanout.window(page, size, MAX_MERGED_VIDEOS);
    if (window == null) {
      throw ApiError.invalid("page " + page + " of " + size + " reaches past the first " + MAX_MERGED_VIDEOS
          + " videos, the most the site's nodes merge: narrow start_time and end_time").exception();
    }
    ask("list", channel, new JsonObject().put("from", from).put("to", to).put("name", name).mergeIn(window.toJson()))
        .onComplete(RouteAnswer.with(ctx, answers ->
            sendList(ctx, answers.page("videos", HeldRecordings.START_FIELD, window), answers)));
  }

  private void sendList(RoutingContext ctx, Page<JsonObject> found, SiteFanout.Answers answers) {
    JsonArray videos = new JsonArray();
    found.items().forEach(videos::add);
    JsonObject pageInfo = new JsonObject().put("total_num", found.total()).put("page_total", found.pageTotal())
        .put("page_size", found.size()).put("current_page", found.page());
    ApiEnvelope.send(ctx.response(), 200, answers.markPartial(ApiEnvelope.ok(new JsonObject().put("videos", videos))
        .put("page_info", pageInfo)));
  }

  /** The holder's rendering of a video (this node's first), or the not-found answer. */
  private Future<JsonObject> held(ChannelRef channel, long id) {
    return ask("info", channel, new JsonObject().put("video_id", id)).map(answers -> answers.byNode().values().stream()
        .map(a -> a.getJsonObject("video")).filter(v -> v != null).findFirst()
        .orElseThrow(() -> notFound(id, answers.missing())));
  }

  /** Spec 6.1: size in KB and {@code durtion} in seconds, as strings, under the document's spelling. */
  private void info(RoutingContext ctx) {
    ChannelRef channel = channel(ctx);
    held(channel, videoId(ctx)).onComplete(RouteAnswer.with(ctx, v -> ApiEnvelope.sendOk(ctx.response(),
        v.put("size", String.valueOf(v.getValue("size"))).put("durtion", String.valueOf(v.getValue("durtion")))
            .put("duration", String.valueOf(v.getValue("duration"))))));
  }

  /**
   * Spec 6.3: one {@code {code, message}} per id, 0 deleted, 1 "not exist" (API-NOTES codes); each id is deleted
   * on the node holding it.
   */
  private void delete(RoutingContext ctx) {
    ChannelRef channel = channel(ctx);
    Object video = jsonBody(ctx, DELETE_SHAPE).getValue("video");
    if (!(video instanceof JsonArray ids) || ids.size() > MAX_DELETE_IDS) {
      throw ApiError.invalid("the body must be " + DELETE_SHAPE).exception();
    }
    List<Long> parsed = new ArrayList<>();
    JsonArray wanted = new JsonArray();
    for (Object item : ids) {
      Object id = item instanceof JsonObject o ? o.getValue("videoId", o.getValue("video_id")) : null;
      Long value = null;
      if (id instanceof String || id instanceof Number) {
        try {
          value = Long.parseLong(String.valueOf(id).trim());
          wanted.add(value);
        } catch (NumberFormatException e) {
          value = null;
        }
      }
      parsed.add(value);
    }
    ask("delete", channel, new JsonObject().put("ids", wanted)).onComplete(RouteAnswer.with(ctx, answers -> {
      Set<Long> deleted = new HashSet<>();
      answers.byNode().values().forEach(a -> a.getJsonArray("deleted").forEach(d -> deleted.add(((Number) d).longValue())));
      JsonArray results = new JsonArray();
      for (Long id : parsed) {
        results.add(id != null && deleted.contains(id) ? new JsonObject().put("code", 0).put("message", "succ")
            : new JsonObject().put("code", 1).put("message", "not exist"));
      }
      ApiEnvelope.send(ctx.response(), 200, answers.markPartial(ApiEnvelope.ok(results)));
    }));
  }

  /** Spec 6.4: a non-empty name of at most {@value VideoRecord#MAX_NAME_LENGTH} characters, set on the holder. */
  private void rename(RoutingContext ctx) {
    ChannelRef channel = channel(ctx);
    Object raw = jsonBody(ctx, "{\"name\":\"...\"}").getValue("name");
    if (!(raw instanceof String name) || name.isBlank() || name.length() > VideoRecord.MAX_NAME_LENGTH
        || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiError.invalid("name must be text of 1 to " + VideoRecord.MAX_NAME_LENGTH
          + " characters without control characters").exception();
    }
    long id = videoId(ctx);
    ask("rename", channel, new JsonObject().put("video_id", id).put("name", name)).onComplete(RouteAnswer.with(ctx,
        answers -> {
          if (answers.byNode().values().stream().noneMatch(a -> a.getBoolean("found", false))) {
            throw notFound(id, answers.missing());
          }
          ApiEnvelope.sendOk(ctx.response(), null);
        }));
  }

  /**
   * Spec 6.5: a token for one video; without video_id, one for time ranges of the channel (rvod). Minted here once
   * the video is found on any node: every node's tokens share one key, so its holder accepts it.
   */
  private void playToken(RoutingContext ctx) {
    ChannelRef channel = channel(ctx);
    if (new RequestParams(ctx).optional("video_id", "videoid") == null) {
      ApiEnvelope.sendOk(ctx.response(), new JsonObject().put("token",
          access.tokens().issue(VodAccess.key(channel), VodAccess.RVOD_SCOPE, TOKEN_LIFETIME_MILLIS)));
      return;
    }
    held(channel, videoId(ctx)).onComplete(RouteAnswer.with(ctx, v -> {
      String token = access.tokens().issue(VodAccess.key(channel), v.getString("video_id"), TOKEN_LIFETIME_MILLIS);
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
