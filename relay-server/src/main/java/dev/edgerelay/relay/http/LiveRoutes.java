package dev.edgerelay.relay.http;

import dev.edgerelay.relay.hls.HlsService;
import dev.edgerelay.relay.hls.LiveSegment;
import dev.edgerelay.relay.hub.ChannelTraffic;
import dev.edgerelay.relay.hub.HubFullException;
import dev.edgerelay.relay.hub.HubOptions;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.token.PlayTokens;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeoutException;

/**
 * Live HLS for LAN viewers (spec 4.1 HLS address, 4.2 preload): {@code /live/live_{dev}_{ch}/index.m3u8},
 * its segments, and preload. Every request carries a play token from the edge's play_address.
 */
public final class LiveRoutes {
  static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
  static final String SEGMENT_TYPE = "video/mp2t";
  /** Segments never change once written: players and proxies may keep them. */
  static final String SEGMENT_CACHE = "public, max-age=60, immutable";

  /** Told of every live playlist or segment answered: the viewers of getonlinelist (spec 13.1). */
  @FunctionalInterface
  public interface HlsViewers {
    void request(StreamKey key, String clientIp, String token);
  }

  private final HlsService hls;
  private final PlayTokens tokens;
  private final long idleMillis;
  private final HlsViewers viewers;
  private final ChannelTraffic traffic;

  /**
   * @param viewers told of every answer: the HLS viewers of getonlinelist (spec 13.1)
   * @param traffic counts each answer's bytes and its token as an HLS viewer of the channel (the metrics)
   */
  public LiveRoutes(HlsService hls, PlayTokens tokens, long idleMillis, HlsViewers viewers, ChannelTraffic traffic) {
    this.hls = hls;
    this.tokens = tokens;
    this.idleMillis = idleMillis;
    this.viewers = viewers;
    this.traffic = traffic;
  }

  private void viewed(RoutingContext ctx, StreamKey key, String token, long bytes) {
    viewers.request(key, ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress(),
        token);
    traffic.hlsSeen(key, token);
    traffic.sent(key, ChannelTraffic.Protocol.HLS, bytes);
  }

  public void mount(Router router) {
    router.route("/live/*").handler(Cors::handle);
    router.get("/live/:dir/index.m3u8").handler(this::playlist);
    router.get("/live/:dir/preload").handler(this::preload);
    router.get("/live/:dir/:segment").handler(this::segment);
  }

  /** The key of a {@code /live/{dir}/...} request, or the 404 that says how the path is written. */
  public static StreamKey keyOf(RoutingContext ctx) {
    StreamKey key = StreamKey.parseHlsDirectory(ctx.pathParam("dir"));
    if (key == null) {
      throw ApiError.notFound("no live channel at " + RequestParams.shown(ctx.request().path())
          + ": the path is /live/live_{device_id}_{channel_id}/index.m3u8").exception();
    }
    return key;
  }

  private String authorize(RoutingContext ctx, StreamKey key) {
    return PlayTokenParam.requireLive(ctx, tokens, key);
  }

  private void playlist(RoutingContext ctx) {
    StreamKey key = keyOf(ctx);
    String token = authorize(ctx, key);
    try {
      hls.playlist(key, idleMillis).onComplete(RouteAnswer.with(ctx, failure -> ApiError.unavailable(
          failure instanceof TimeoutException ? failure.getMessage() : "channel " + key + " stopped: "
              + ApiError.causeText(failure)).exception(), playlist -> {
            hls.preload(key, idleMillis); // the idle clock counts from the answer, not from a long cold-start wait
            String text = playlist.withToken(token); // segment URIs carry the token: players drop the query
            viewed(ctx, key, token, text.length()); // the playlist is ASCII: chars are bytes
            ctx.response().putHeader("content-type", PLAYLIST_TYPE).putHeader("cache-control", "no-cache").end(text);
          }));
    } catch (HubFullException e) {
      throw new ApiError(503, EdgeErrno.CAPACITY, e.getMessage()).exception();
    }
  }

  private void segment(RoutingContext ctx) {
    StreamKey key = keyOf(ctx);
    String token = authorize(ctx, key);
    String name = ctx.pathParam("segment");
    LiveSegment segment = name.endsWith(".ts") ? hls.segment(key, name, idleMillis) : null;
    if (segment == null || segment.released()) {
      throw gone(key, name).exception();
    }
    // cut a few milliseconds ago, its file may still be finishing on the spool's writer
    Future.fromCompletionStage(segment.written(), ctx.vertx().getOrCreateContext()).onComplete(RouteAnswer.with(ctx,
        failure -> gone(key, name).exception(), offset -> {
          if (segment.released()) {
            throw gone(key, name).exception();
          }
          viewed(ctx, key, token, segment.size()); // counted when sent, not when written
          sendSegment(ctx, segment, offset, gone(key, name));
        }));
  }

  private static ApiError gone(StreamKey key, String name) {
    return ApiError.notFound("segment " + name + " of " + key + " is gone or never existed: reload the playlist");
  }

  /**
   * Sends the segment's bytes, at {@code offset} of its file, with {@code sendFile}: the kernel copies them from
   * the page cache to the socket (docs/architecture.md, "Live HLS"). Evicted between the check and the open, it
   * answers as gone.
   */
  private static void sendSegment(RoutingContext ctx, LiveSegment segment, long offset, ApiError gone) {
    HttpServerResponse response = ctx.response();
    response.putHeader("content-type", SEGMENT_TYPE).putHeader("cache-control", SEGMENT_CACHE)
        .sendFile(segment.file().toString(), offset, segment.size()).onFailure(err -> {
          if (!response.headWritten()) {
            ctx.fail(gone.exception());
          } else {
            response.reset(); // mid-body: the player sees a broken transfer and asks again
          }
        });
  }

  /** Spec 4.2's {@code idle_time} of a preload request in ms: at most 120 s, {@code defaultMillis} when absent. */
  public static long preloadIdleMillis(RoutingContext ctx, long defaultMillis) {
    long maxSeconds = HubOptions.MAX_IDLE_TIMEOUT_MILLIS / 1000;
    return new RequestParams(ctx).optionalLong("idle_time", defaultMillis / 1000, 1, maxSeconds) * 1000;
  }

  /** Spec 4.2: starts the channel now so the first viewer does not wait; idle_time at most 120 s. */
  private void preload(RoutingContext ctx) {
    StreamKey key = keyOf(ctx);
    authorize(ctx, key);
    long idle = preloadIdleMillis(ctx, idleMillis);
    try {
      hls.preload(key, idle);
    } catch (HubFullException e) {
      throw new ApiError(503, EdgeErrno.CAPACITY, e.getMessage()).exception();
    }
    ApiEnvelope.sendOk(ctx.response(), null);
  }
}
