package dev.edgerelay.relay.snapshot;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.Page;
import dev.edgerelay.recorder.picture.PictureStore;
import dev.edgerelay.recorder.index.PictureRecord;
import dev.edgerelay.recorder.outbox.OutboxFullException;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.http.ApiEnvelope;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.http.RequestParams;
import dev.edgerelay.relay.http.RouteAnswer;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.thumbnail.LivePreviewRoutes;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The platform's picture API over this node's pictures (spec 5.1-5.5), in the platform's wire shapes, so an
 * app written for the cloud stores, lists and fetches local snapshots by changing its base URL. Both the
 * document's {@code delete_pictrue} and {@code delete_picture} are served (API-NOTES "Wire names"). On a site of
 * nodes, list, info and delete cover every node's pictures (docs/architecture.md, "Cluster: VOD across nodes").
 */
public final class PictureRoutes {
  static final String BASE = "/ipc/video/picture/";
  /** Where a picture's {@code url} points (spec 5.5: GET without a key unless {@link PictureAccess} asks one). */
  static final String IMAGE_PATH = "/pictures/";
  /** Node-specific routes sit under /edge/ (docs/api-coverage.md, edge routes). */
  static final String SNAPSHOT_PATH = "/edge/snapshot";
  /** The platform's upload bound (spec 5.1, object storage 413 over 8 MB); a snapshot is far smaller. */
  public static final long MAX_PICTURE_BYTES = 8L * 1024 * 1024;
  static final int DEFAULT_PAGE_SIZE = 10;
  static final int MAX_PAGE_SIZE = 100;
  /** Spec 1.5: pages up to 10000. */
  static final int MAX_PAGE = 10_000;
  /** On a site of nodes, the deepest item of the merged list a page may reach (each node sends page * size). */
  static final long MAX_MERGED_PICTURES = 10_000;

  private final SnapshotService snapshots;
  private final EdgeAuth auth;
  private final PictureAccess access;
  private final NodeAddress node;
  private final SiteFanout fanout;

  /**
   * @param fanout asks every node of the site about its pictures (this one too); this node starts answering its
   *     peers here
   */
  public PictureRoutes(SnapshotService snapshots, EdgeAuth auth, PictureAccess access, NodeAddress node,
      SiteFanout fanout) {
    this.snapshots = snapshots;
    this.auth = auth;
    this.access = access;
    this.node = node;
    this.fanout = fanout;
    fanout.serve(HeldPictures.TOPIC, new HeldPictures(snapshots, this::render)::answer);
  }

  public void mount(Router router) {
    router.put(BASE + "upload").handler(BodyHandler.create(false).setBodyLimit(MAX_PICTURE_BYTES))
        .handler(this::upload);
    router.get(BASE + "get_list").handler(this::list);
    router.get(BASE + "get_info").handler(this::info);
    router.delete(BASE + "delete_pictrue").handler(this::delete);
    router.delete(BASE + "delete_picture").handler(this::delete);
    router.get(IMAGE_PATH + ":device/:channel/:name").handler(this::image);
    router.post(SNAPSHOT_PATH).handler(this::snapshot);
  }

  /**
   * {@code POST /edge/snapshot?device_id&channel_id[&name][&desc][&upload=1]}: takes a snapshot now and answers it in
   * the 5.3 shape; without a name it gets {@link SnapshotService#autoName()}; {@code upload=1} queues it for
   * the platform.
   */
  private void snapshot(RoutingContext ctx) {
    ChannelRef channel = channel(ctx, auth);
    RequestParams params = new RequestParams(ctx);
    boolean upload = params.optionalInt("upload", 0, 0, 1) == 1;
    Context context = ctx.vertx().getOrCreateContext();
    // the image may be finished on a decoding thread: answer from the request's own event loop
    Handler<AsyncResult<JsonObject>> reply = RouteAnswer.with(ctx, p -> ApiEnvelope.sendOk(ctx.response(), p));
    snapshot(channel, params.optional("name"), params.optional("desc"), upload)
        .onComplete(ar -> context.runOnContext(v -> reply.handle(ar)));
  }

  /**
   * Takes a snapshot of {@code channel} now and gives the {@code data} of the answer (the 5.3 shape), or fails with
   * the {@link dev.edgerelay.relay.http.ApiException} the route answers: the route's work, also done for a peer
   * node that forwards a snapshot here (this node is the channel's origin).
   */
  public Future<JsonObject> snapshot(ChannelRef channel, String givenName, String givenDesc, boolean upload) {
    StreamKey key = new StreamKey(channel.deviceId(), channel.channelId());
    try {
      String name = PictureNames.checkName(givenName == null ? snapshots.autoName() : givenName);
      String desc = PictureNames.checkDesc(givenDesc);
      return snapshots.take(channel, name, desc, upload).map(this::render).recover(failure -> Future.failedFuture(
          storeError(failure) == null ? LivePreviewRoutes.errorFor(key, failure).exception() : storeAnswer(failure)));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The device-channel of a request, which the caller's key must be allowed to operate. */
  public static ChannelRef channel(RoutingContext ctx, EdgeAuth auth) {
    RequestParams params = new RequestParams(ctx);
    String device = params.required("device_id");
    int channel = params.requiredInt("channel_id", 0, Integer.MAX_VALUE);
    auth.callerFor(ctx, device);
    return RequestParams.channel(device, channel);
  }

  /** Spec 5.1: the body is the image; {@code format} jpg or png; names unique per device-channel. */
  private void upload(RoutingContext ctx) {
    ChannelRef channel = channel(ctx, auth);
    RequestParams params = new RequestParams(ctx);
    String format = params.required("format").toLowerCase(Locale.ROOT);
    String name = PictureNames.checkName(params.required("name"));
    String desc = PictureNames.checkDesc(params.optional("desc"));
    boolean upload = params.optionalInt("upload", 0, 0, 1) == 1;
    byte[] image = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    ImageFormat.check(format, image);
    snapshots.store(channel, name, format, desc, image, upload, snapshots.now())
        .onComplete(answer(ctx, p -> ApiEnvelope.sendOk(ctx.response(), null)));
  }

  /**
   * Spec 5.2: {@code start_time}/{@code end_time} in UNIX seconds (both inclusive), pages from 1, over the pictures
   * of every node of the site merged by time; an answer missing a node is marked partial.
   */
  private void list(RoutingContext ctx) {
    ChannelRef channel = channel(ctx, auth);
    RequestParams params = new RequestParams(ctx);
    long maxSeconds = Long.MAX_VALUE / 1000 - 1;
    long from = params.optionalLong("start_time", 0, 0, maxSeconds);
    long to = params.optionalLong("end_time", maxSeconds, 0, maxSeconds);
    int page = params.optionalInt("page_start", 1, 1, MAX_PAGE);
    int size = params.optionalInt("page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    SiteFanout.ListWindow window = fanout.window(page, size, MAX_MERGED_PICTURES);
    if (window == null) {
      throw ApiError.invalid("page " + page + " of " + size + " reaches past the first " + MAX_MERGED_PICTURES
          + " pictures, the most the site's nodes merge: narrow start_time and end_time").exception();
    }
    JsonObject request = HeldPictures.request("list", channel).put("from", from * 1000).put("to", (to + 1) * 1000)
        .mergeIn(window.toJson());
    fanout.ask(HeldPictures.TOPIC, request).onComplete(answer(ctx, answers -> sendPage(ctx,
        answers.page("pictures", HeldPictures.TAKEN_FIELD, window), answers)));
  }

  private void sendPage(RoutingContext ctx, Page<JsonObject> found, SiteFanout.Answers answers) {
    JsonArray data = new JsonArray();
    found.items().forEach(data::add);
    JsonObject pageInfo = new JsonObject().put("total_num", found.total()).put("page_total", found.pageTotal())
        .put("page_size", found.size()).put("current_page", found.page());
    ApiEnvelope.send(ctx.response(), 200, answers.markPartial(ApiEnvelope.ok(data).put("page_info", pageInfo)));
  }

  /** Spec 5.3, from the node holding the picture. */
  private void info(RoutingContext ctx) {
    ChannelRef channel = channel(ctx, auth);
    String name = new RequestParams(ctx).required("name");
    fanout.ask(HeldPictures.TOPIC, HeldPictures.request("info", channel).put("name", name)).onComplete(answer(ctx,
        answers -> ApiEnvelope.sendOk(ctx.response(), answers.byNode().values().stream()
            .map(a -> a.getJsonObject("picture")).filter(p -> p != null).findFirst()
            .orElseThrow(() -> notFound(channel, name, answers.missing())))));
  }

  /** Spec 5.4 delete_pictrue, on the node holding the picture. */
  private void delete(RoutingContext ctx) {
    ChannelRef channel = channel(ctx, auth);
    String name = new RequestParams(ctx).required("name");
    fanout.ask(HeldPictures.TOPIC, HeldPictures.request("delete", channel).put("name", name)).onComplete(answer(ctx,
        answers -> {
          if (answers.byNode().values().stream().noneMatch(a -> a.getBoolean("found", false))) {
            throw notFound(channel, name, answers.missing());
          }
          ApiEnvelope.sendOk(ctx.response(), null);
        }));
  }

  /** Spec 5.5: the image bytes at a {@code url} from 5.2 or 5.3; no key, like the platform's, unless configured. */
  private void image(RoutingContext ctx) {
    ChannelRef channel;
    try {
      channel = new ChannelRef(ctx.pathParam("device"), Integer.parseInt(ctx.pathParam("channel")));
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound("no picture at " + RequestParams.shown(ctx.request().path())
          + ": picture URLs are /pictures/{device_id}/{channel_id}/{name}").exception();
    }
    access.authorize(ctx, channel);
    String name = ctx.pathParam("name");
    snapshots.blocking(() -> {
      PictureRecord p = snapshots.store().find(channel, name).orElseThrow(() -> notFound(channel, name));
      return new Image(p, snapshots.store().read(p));
    }).onComplete(answer(ctx, image -> ctx.response()
        .putHeader("content-type", ImageFormat.contentType(image.picture().format()))
        .putHeader("cache-control", "no-cache").end(Buffer.buffer(image.bytes()))));
  }

  private record Image(PictureRecord picture, byte[] bytes) {}

  private static RuntimeException notFound(ChannelRef channel, String name) {
    return notFound(channel, name, List.of());
  }

  private static RuntimeException notFound(ChannelRef channel, String name, List<String> unavailable) {
    return new ApiError(200, EdgeErrno.PICTURE_NOT_FOUND, "no picture named '" + RequestParams.shown(name) + "' on "
        + channel + (unavailable.isEmpty() ? "" : " on the nodes that answered (not answering: "
            + String.join(", ", unavailable) + "; retry once they are back)") + ": get_list gives the names").exception();
  }

  /** The wire shape of 5.2 and 5.3: size in bytes, date in UNIX seconds, the 5.5 url. */
  JsonObject render(PictureRecord p) {
    String url = "http://" + node.http() + IMAGE_PATH + p.channel().deviceId() + "/" + p.channel().channelId() + "/"
        + URLEncoder.encode(p.name(), StandardCharsets.UTF_8).replace("+", "%20") + access.urlQuery(p.channel());
    return new JsonObject().put("format", p.format()).put("size", p.sizeBytes()).put("date", p.takenMillis() / 1000)
        .put("name", p.name()).put("desc", p.desc()).put("url", url);
  }

  /** The callback answering with {@code onSuccess}, or a failure with the errno that says what to do. */
  static <T> Handler<AsyncResult<T>> answer(RoutingContext ctx, Consumer<T> onSuccess) {
    return RouteAnswer.with(ctx, PictureRoutes::storeAnswer, onSuccess);
  }

  /** A refusal of the store or the outbox as its answer; any other failure unchanged. */
  static Throwable storeAnswer(Throwable failure) {
    ApiError error = storeError(failure);
    return error == null ? failure : error.exception();
  }

  /** The answer to a refusal by the store or the outbox; null for any other failure. */
  static ApiError storeError(Throwable failure) {
    Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
    if (cause instanceof PictureStore.RefusedException r) {
      return new ApiError(200, r.refusal() == PictureStore.Refusal.NAME_TAKEN ? EdgeErrno.PICTURE_NAME_TAKEN
          : EdgeErrno.LIMIT_REACHED, r.getMessage());
    }
    if (cause instanceof OutboxFullException full) {
      return new ApiError(503, EdgeErrno.OUTBOX_FULL, "the picture is stored on the edge but not queued for upload: "
          + full.getMessage());
    }
    return null;
  }
}
