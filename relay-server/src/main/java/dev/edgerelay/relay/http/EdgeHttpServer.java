package dev.edgerelay.relay.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP face: the OneNET-compatible API, the node's own {@code /edge/} routes and the web UI
 * at {@code /}. Anything that goes wrong answers the platform's envelope, never an HTML page or a trace.
 */
public final class EdgeHttpServer {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeHttpServer.class);
  /** Where the {@code web} module puts the UI inside its jar. */
  public static final String WEB_ROOT = "webroot";

  /**
   * Paths whose answers a player or a browser reads (spec 4.1-4.3, 5.5, 6.1): their errors carry the failure in
   * the HTTP status, since a player never reads an errno; the API routes answer 200 with the errno as the
   * platform does.
   */
  static final List<String> MEDIA_PREFIXES = List.of("/live/", "/vod/", "/rvod/", "/live_preview/", "/pictures/");
  /** Statuses the router answers itself when no route or failure handler did (404 has its own handler). */
  private static final int[] ROUTER_ERROR_STATUSES = {400, 405, 406, 413, 415, 500};

  private final Vertx vertx;
  private final HttpOptions options;
  private final Router router;
  private HttpServer server;

  public EdgeHttpServer(Vertx vertx, HttpOptions options, Supplier<NodeHealth> health) {
    this.vertx = vertx;
    this.options = options;
    this.router = Router.router(vertx);
    router.route().handler(EdgeHttpServer::decodableQuery);
    router.get("/edge/health").handler(ctx -> answerHealth(ctx, health.get()));
    router.route().failureHandler(ctx -> failure(ctx, ctx.statusCode()));
    // paths no route matches, a method no route takes, a path that does not decode (the router answers those
    // itself, and its context may not carry the status), a failure handler that threw: the envelope, not text
    router.errorHandler(404, this::notFound);
    for (int status : ROUTER_ERROR_STATUSES) {
      router.errorHandler(status, ctx -> failure(ctx, ctx.statusCode() == -1 ? status : ctx.statusCode()));
    }
  }

  /** Mounts the web UI after every feature's routes; unknown paths answer the envelope. */
  public void finishRoutes() {
    // the UI outside the API's and the media's paths, and no catch-all: a path no route takes ends at the router's
    // 404 handler, a path some route takes with another method at its 405 handler, both answering the envelope
    String notApi = Stream.concat(Stream.of("/ipc/", "/edge/"), MEDIA_PREFIXES.stream())
        .map(prefix -> Pattern.quote(prefix.substring(1))).collect(Collectors.joining("|", "/(?!", ").*"));
    router.routeWithRegex(notApi).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(StaticHandler.create(WEB_ROOT).setCachingEnabled(false));
  }

  /** The router, for later features to mount their routes before the catch-alls. */
  public Router router() {
    return router;
  }

  public Future<Integer> listen(String host, int port) {
    // no gzip: nearly every byte served is TS or MP4, which does not compress, and a compressor in the pipeline
    // stops Vert.x from sending files zero-copy (docs/architecture.md, "Live HLS"); the JSON and the console's
    // scripts cross a LAN
    HttpServerOptions serverOptions = new HttpServerOptions().setCompressionSupported(false)
        .setMaxInitialLineLength(options.maxInitialLineBytes()).setMaxHeaderSize(options.maxHeaderBytes());
    return vertx.createHttpServer(serverOptions)
        .invalidRequestHandler(this::invalidRequest)
        .connectionHandler(EdgeHttpServer::logConnectionErrors)
        .requestHandler(router)
        .listen(port, host)
        .map(s -> {
          server = s;
          return s.actualPort();
        });
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /**
   * A client that goes away mid-answer (a reset, a broken pipe) is ordinary, logged at debug; any other failure of
   * the connection is logged once at info with the peer and the reason (docs/operations.md, logging). A request
   * Netty could not decode ends here too, after {@link #invalidRequest} has answered it.
   */
  private static void logConnectionErrors(HttpConnection connection) {
    boolean[] reported = {false};
    connection.exceptionHandler(e -> {
      if (e instanceof IOException) {
        LOG.debug("{}: HTTP connection lost: {}", connection.remoteAddress(), e.toString());
      } else if (!reported[0]) {
        reported[0] = true;
        LOG.info("{}: HTTP connection failed: {}", connection.remoteAddress(), e.toString());
      }
    });
  }

  /**
   * A request Netty could not decode (a request line or headers over their bound, a broken line): the status
   * says which, the envelope says what to change, and the connection closes, as the bytes left of it are not
   * a request any more.
   */
  private void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiError error;
    if (cause instanceof TooLongHttpLineException) {
      error = new ApiError(414, EdgeErrno.PARAM_INVALID, "the request line is over " + options.maxInitialLineBytes()
          + " bytes: shorten the path and query (--http-max-line-bytes sets the bound)");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = new ApiError(431, EdgeErrno.PARAM_INVALID, "the request headers are over " + options.maxHeaderBytes()
          + " bytes: send fewer or shorter headers (--http-max-header-bytes sets the bound)");
    } else {
      error = new ApiError(400, EdgeErrno.PARAM_INVALID,
          "the request is not valid HTTP/1.1: check the request line, the headers and the body's framing");
    }
    ApiEnvelope.send(request.response().putHeader("connection", "close"), error.httpStatus(), ApiEnvelope.error(error))
        .onComplete(sent -> request.connection().close());
  }

  /**
   * Decodes the query once before any route reads it: a bad percent escape in it ({@code ?device_id=%zz}) answers
   * 400 here, where it would otherwise throw out of whichever route read it first, as a failure of the node.
   */
  private static void decodableQuery(RoutingContext ctx) {
    try {
      ctx.queryParams();
    } catch (IllegalArgumentException e) {
      ctx.fail(new ApiError(400, EdgeErrno.PARAM_INVALID, "the query string does not decode: escape '%' as %25 and"
          + " write each escape as % and two hex digits").exception());
      return;
    }
    ctx.next();
  }

  private void answerHealth(RoutingContext ctx, NodeHealth health) {
    if (health.ready()) {
      ApiEnvelope.sendOk(ctx.response(), health.toJson());
    } else {
      ApiEnvelope.send(ctx.response(), 503, ApiEnvelope.error(ApiError.unavailable(
          "the node is starting (" + health.phase() + "); retry in a moment")).put("data", health.toJson()));
    }
  }

  private void notFound(RoutingContext ctx) {
    answer(ctx, noRoute(ctx));
  }

  private static ApiError noRoute(RoutingContext ctx) {
    return ApiError.notFound("no route " + ctx.request().method() + " " + RequestParams.shown(ctx.request().path())
        + " on this edge; see docs/api-coverage.md");
  }

  /**
   * Every failure of a route, thrown or passed to {@code ctx.fail}, ends here and answers the envelope;
   * {@code status} is the failure's HTTP status, -1 for an exception.
   */
  private void failure(RoutingContext ctx, int status) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    try {
      answer(ctx, errorOf(ctx, status));
    } catch (RuntimeException e) { // the last resort: a failure while answering a failure still answers
      LOG.error("answering the failure of {} failed", ctx.request().path(), e);
      if (!ctx.response().ended() && !ctx.response().closed()) {
        ApiEnvelope.sendError(ctx.response(), ApiError.internal("the node failed to answer; its log has the detail"));
      }
    }
  }

  private ApiError errorOf(RoutingContext ctx, int status) {
    if (ctx.failure() instanceof ApiException api) {
      return api.error();
    }
    String path = RequestParams.shown(ctx.request().path());
    if (status == 404) {
      return noRoute(ctx);
    } else if (status == 405) {
      Set<String> allowed = AllowedMethods.of(router, ctx.request().path());
      if (!allowed.isEmpty()) {
        ctx.response().putHeader("allow", String.join(", ", allowed));
      }
      return new ApiError(405, EdgeErrno.METHOD_NOT_ALLOWED, "method " + ctx.request().method() + " is not allowed on "
          + path + (allowed.isEmpty() ? "" : ": use " + String.join(" or ", allowed)));
    } else if (status == 413) {
      return new ApiError(413, EdgeErrno.PARAM_INVALID, "the request body is over this route's limit: send less");
    } else if (status >= 400 && status < 500) {
      return new ApiError(status, EdgeErrno.PARAM_INVALID, "the request to " + path
          + " is malformed: check its path (percent escapes), query string and body");
    }
    LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    return ApiError.internal("the node failed to answer " + path + "; the node's log has the detail");
  }

  /** Sends {@code error}; on a media path an error the API would answer with 200 answers its HTTP status. */
  private static void answer(RoutingContext ctx, ApiError error) {
    ApiEnvelope.sendError(ctx.response(), mediaPath(ctx.request().path()) ? error.onMediaRoute() : error);
  }

  static boolean mediaPath(String path) {
    return path != null && MEDIA_PREFIXES.stream().anyMatch(path::startsWith);
  }
}
