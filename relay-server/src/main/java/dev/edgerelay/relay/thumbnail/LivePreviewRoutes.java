package dev.edgerelay.relay.thumbnail;

import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.PlayTokenParam;
import dev.edgerelay.relay.http.RequestParams;
import dev.edgerelay.relay.http.RouteAnswer;
import dev.edgerelay.relay.hub.HubFullException;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.token.PlayTokens;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /live_preview/{dev}_{ch}?token=} (spec 4.3; the spec also writes {@code {dev}-{ch}}, both
 * are accepted): a JPEG of the channel's latest keyframe, at the optional {@code width}. The address is
 * the {@code coveraddr} of play_address; the token is the one play_address issued for the channel.
 */
public final class LivePreviewRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(LivePreviewRoutes.class);
  public static final String JPEG_TYPE = "image/jpeg";
  /** The image is at most the cache's maximum age old; a browser asking again should ask us, not its cache. */
  public static final String PREVIEW_CACHE = "no-cache";

  private final Thumbnailer thumbnails;
  private final PlayTokens tokens;

  public LivePreviewRoutes(Thumbnailer thumbnails, PlayTokens tokens) {
    this.thumbnails = thumbnails;
    this.tokens = tokens;
  }

  public void mount(Router router) {
    router.get("/live_preview/:channel").handler(this::preview);
  }

  private void preview(RoutingContext ctx) {
    StreamKey key = keyOf(ctx);
    PlayTokenParam.requireLive(ctx, tokens, key);
    int width = width(ctx);
    Context context = ctx.vertx().getOrCreateContext();
    // the image may be finished on a decoding thread: answer from the request's own event loop
    Handler<AsyncResult<Thumbnail>> reply = RouteAnswer.with(ctx, failure -> errorFor(key, failure).exception(),
        image -> ctx.response().putHeader("content-type", JPEG_TYPE).putHeader("cache-control", PREVIEW_CACHE)
            .end(Buffer.buffer(image.jpeg())));
    thumbnails.thumbnail(key, width).onComplete(ar -> context.runOnContext(v -> reply.handle(ar)));
  }

  /** The {@code width} a request asks for (0: the keyframe's own), checked against the thumbnail bounds. */
  public static int width(RoutingContext ctx) {
    int width = new RequestParams(ctx).optionalInt("width", 0, ThumbnailOptions.MIN_WIDTH, ThumbnailOptions.MAX_WIDTH);
    String problem = ThumbnailOptions.widthProblem(width);
    if (problem != null) {
      throw ApiError.invalid(problem).exception();
    }
    return width;
  }

  /** The key of a {@code /live_preview/{channel}} request, or the 404 that says how the path is written. */
  public static StreamKey keyOf(RoutingContext ctx) {
    StreamKey key = StreamKey.parseDashed(ctx.pathParam("channel"));
    if (key == null) {
      throw ApiError.notFound("no live channel at " + RequestParams.shown(ctx.request().path())
          + ": the path is /live_preview/{device_id}_{channel_id}?token={accessToken}").exception();
    }
    return key;
  }

  /** Each failure answers quickly with its own errno and a sentence saying what to do. */
  public static ApiError errorFor(StreamKey key, Throwable cause) {
    if (cause instanceof ThumbnailException t) {
      return switch (t.reason()) {
        case BUSY -> new ApiError(503, EdgeErrno.THUMBNAIL_BUSY, t.getMessage());
        case NO_KEYFRAME -> ApiError.unavailable(t.getMessage());
        case DECODE_FAILED -> new ApiError(500, EdgeErrno.THUMBNAIL_FAILED, "the latest keyframe of " + key
            + " could not be made into a thumbnail (" + t.getMessage() + "): retry after the next keyframe");
      };
    }
    if (cause instanceof HubFullException) {
      return new ApiError(503, EdgeErrno.CAPACITY, cause.getMessage());
    }
    if (cause instanceof IllegalArgumentException) {
      return ApiError.invalid(cause.getMessage());
    }
    LOG.error("thumbnail of {} failed", key, cause);
    return ApiError.internal("the thumbnail of " + key + " failed; the node's log has the detail");
  }
}
