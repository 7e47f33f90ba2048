package dev.edgerelay.relay.cluster.live;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.cluster.Origin;
import dev.edgerelay.relay.cluster.Ownership;
import dev.edgerelay.relay.hls.HlsService;
import dev.edgerelay.relay.http.ApiEnvelope;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.ApiException;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.LiveRoutes;
import dev.edgerelay.relay.http.PlayTokenParam;
import dev.edgerelay.relay.http.RequestParams;
import dev.edgerelay.relay.hub.HubFullException;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.snapshot.PictureRoutes;
import dev.edgerelay.relay.thumbnail.LivePreviewRoutes;
import dev.edgerelay.relay.thumbnail.Thumbnailer;
import dev.edgerelay.relay.token.PlayTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Live requests about a channel whose origin is another node (docs/architecture.md, "Cluster: live path").
 * Preload (spec 4.2), live_preview (spec 4.3) and {@code /edge/snapshot} are checked here (token, key) and
 * forwarded to the origin over the event bus at {@code edge.node.{name}.preload|preview|snapshot}; the answer is
 * the origin's, or this node's envelope with {@link EdgeErrno#ORIGIN_UNREACHABLE} when it does not answer in
 * time. With {@link LivePathOptions#redirectForeignLive()} the live playlist and its segments answer 302 to the
 * origin. Mounted before the routes that serve these paths here, it passes every request about a channel this
 * node is the origin of on to them. It also answers what peers forward to this node.
 *
 * <p>Forwarded bodies are JSON: a request {@code {device_id, channel_id, ...}}; an answer {@code {status, body}}
 * (the HTTP status and the envelope), or a thumbnail's JPEG as a {@link Buffer}.
 */
public final class OriginRoutes {
  static final String PRELOAD = "preload";
  static final String PREVIEW = "preview";
  static final String SNAPSHOT = "snapshot";

  private final Vertx vertx;
  private final Ownership ownership;
  private final PlayTokens tokens;
  private final EdgeAuth auth;
  private final HlsService hls;
  private final Thumbnailer thumbnails;
  private final long idleMillis;
  private final LivePathOptions options;
  private volatile PictureRoutes pictures;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  public OriginRoutes(Vertx vertx, Ownership ownership, PlayTokens tokens, EdgeAuth auth, HlsService hls,
      Thumbnailer thumbnails, long idleMillis, LivePathOptions options) {
    this.vertx = vertx;
    this.ownership = ownership;
    this.tokens = tokens;
    this.auth = auth;
    this.hls = hls;
    this.thumbnails = thumbnails;
    this.idleMillis = idleMillis;
    this.options = options;
  }

  /** The event-bus address of {@code node}'s {@code action}. */
  static String address(String node, String action) {
    return "edge.node." + node + "." + action;
  }

  /** Mounts the forwarding routes; call before the routes that serve the same paths on this node. */
  public void mount(Router router) {
    router.get("/live/:dir/index.m3u8").handler(this::redirectForeign);
    router.get("/live/:dir/preload").handler(this::preload);
    router.get("/live/:dir/:segment").handler(this::redirectForeign);
    router.get("/live_preview/:channel").handler(this::preview);
    router.post("/edge/snapshot").handler(this::snapshot);
  }

  /** Answers what peers forward to this node (its origins); snapshots once {@link #servePictures} gave them. */
  public void serve() {
    String self = ownership.selfName();
    consumers.add(vertx.eventBus().consumer(address(self, PRELOAD), this::preloadHere));
    consumers.add(vertx.eventBus().consumer(address(self, PREVIEW), this::previewHere));
    consumers.add(vertx.eventBus().consumer(address(self, SNAPSHOT), this::snapshotHere));
  }

  /** Stops answering peers (the node is closing). */
  public Future<Void> close() {
    List<Future<Void>> done = new ArrayList<>();
    consumers.forEach(c -> done.add(c.unregister()));
    consumers.clear();
    return Future.join(done).mapEmpty();
  }

  /** The picture routes whose snapshots forwarded snapshots take. */
  public void servePictures(PictureRoutes pictures) {
    this.pictures = pictures;
  }

  /** The origin of {@code key} when it is another node, else null: this node serves it. */
  private Origin foreign(StreamKey key) {
    Origin origin = ownership.originOf(key);
    return origin.local() ? null : origin;
  }

  private void redirectForeign(RoutingContext ctx) {
    StreamKey key = StreamKey.parseHlsDirectory(ctx.pathParam("dir"));
    Origin origin = options.redirectForeignLive() && key != null ? foreign(key) : null;
    String segment = ctx.pathParam("segment");
    if (origin == null || origin.address() == null || (segment != null && !segment.endsWith(".ts"))) {
      ctx.next();
      return;
    }
    PlayTokenParam.requireLive(ctx, tokens, key); // the origin checks it too; a bad one is refused here first
    String query = ctx.request().query();
    ctx.response().setStatusCode(302).putHeader("access-control-allow-origin", "*")
        .putHeader("location", "http://" + origin.address().http() + ctx.request().path()
            + (query == null ? "" : "?" + query))
        .end();
  }

  private void preload(RoutingContext ctx) {
    StreamKey key = LiveRoutes.keyOf(ctx);
    Origin origin = foreign(key);
    if (origin == null) {
      ctx.next();
      return;
    }
    PlayTokenParam.requireLive(ctx, tokens, key);
    JsonObject body = keyJson(key).put("idle_ms", LiveRoutes.preloadIdleMillis(ctx, idleMillis));
    forward(ctx, origin, PRELOAD, body, 503);
  }

  private void preview(RoutingContext ctx) {
    StreamKey key = LivePreviewRoutes.keyOf(ctx);
    Origin origin = foreign(key);
    if (origin == null) {
      ctx.next();
      return;
    }
    PlayTokenParam.requireLive(ctx, tokens, key);
    forward(ctx, origin, PREVIEW, keyJson(key).put("width", LivePreviewRoutes.width(ctx)), 503);
  }

  private void snapshot(RoutingContext ctx) {
    ChannelRef channel = PictureRoutes.channel(ctx, auth);
    StreamKey key = new StreamKey(channel.deviceId(), channel.channelId());
    Origin origin = foreign(key);
    if (origin == null) {
      ctx.next();
      return;
    }
    RequestParams params = new RequestParams(ctx);
    JsonObject body = keyJson(key).put("name", params.optional("name")).put("desc", params.optional("desc"))
        .put("upload", params.optionalInt("upload", 0, 0, 1) == 1);
    forward(ctx, origin, SNAPSHOT, body, 200);
  }

  private static JsonObject keyJson(StreamKey key) {
    return new JsonObject().put("device_id", key.deviceId()).put("channel_id", key.channelId());
  }

  private static StreamKey keyOf(JsonObject body) {
    return new StreamKey(body.getString("device_id"), body.getInteger("channel_id"));
  }

  /** Sends {@code body} to the origin and answers the request with its reply; {@code lostStatus} when none came. */
  private void forward(RoutingContext ctx, Origin origin, String action, JsonObject body, int lostStatus) {
    vertx.eventBus().request(address(origin.node(), action), body,
        new DeliveryOptions().setSendTimeout(options.forwardTimeoutMillis())).onComplete(ar -> {
          if (ctx.response().ended()) {
            return;
          }
          if (ar.failed()) {
            ctx.fail(new ApiError(lostStatus, EdgeErrno.ORIGIN_UNREACHABLE, "node " + origin.node() + ", the origin of "
                + keyOf(body) + ", did not answer within " + options.forwardTimeoutMillis() + " ms ("
                + ar.cause().getMessage() + "): retry shortly, the site moves the channel to a live node").exception());
          } else if (ar.result().body() instanceof Buffer jpeg) {
            ctx.response().putHeader("content-type", LivePreviewRoutes.JPEG_TYPE)
                .putHeader("cache-control", LivePreviewRoutes.PREVIEW_CACHE).end(jpeg);
          } else {
            JsonObject answer = (JsonObject) ar.result().body();
            ApiEnvelope.send(ctx.response(), answer.getInteger("status"), answer.getJsonObject("body"));
          }
        });
  }

  private void preloadHere(Message<JsonObject> message) {
    try {
      hls.preload(keyOf(message.body()), message.body().getLong("idle_ms"));
      message.reply(answer(200, ApiEnvelope.ok(null)));
    } catch (HubFullException e) {
      message.reply(failure(new ApiError(503, EdgeErrno.CAPACITY, e.getMessage())));
    }
  }

  private void previewHere(Message<JsonObject> message) {
    StreamKey key = keyOf(message.body());
    thumbnails.thumbnail(key, message.body().getInteger("width")).onComplete(ar -> message.reply(ar.succeeded()
        ? Buffer.buffer(ar.result().jpeg()) : failure(LivePreviewRoutes.errorFor(key, ar.cause()).onMediaRoute())));
  }

  private void snapshotHere(Message<JsonObject> message) {
    JsonObject body = message.body();
    PictureRoutes routes = pictures;
    if (routes == null) {
      message.reply(failure(ApiError.unavailable("node " + ownership.selfName() + " is still starting: retry shortly")));
      return;
    }
    StreamKey key = keyOf(body);
    routes.snapshot(new ChannelRef(key.deviceId(), key.channelId()), body.getString("name"), body.getString("desc"),
        body.getBoolean("upload")).onComplete(ar -> message.reply(ar.succeeded()
            ? answer(200, ApiEnvelope.ok(ar.result())) : failure(errorOf(ar.cause()))));
  }

  private static ApiError errorOf(Throwable failure) {
    return failure instanceof ApiException answer ? answer.error()
        : ApiError.internal("the snapshot failed on the origin: " + ApiError.causeText(failure));
  }

  private static JsonObject failure(ApiError error) {
    return answer(error.httpStatus(), ApiEnvelope.error(error));
  }

  private static JsonObject answer(int status, JsonObject envelope) {
    return new JsonObject().put("status", status).put("body", envelope);
  }
}
