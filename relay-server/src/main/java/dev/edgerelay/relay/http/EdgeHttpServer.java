package dev.edgerelay.relay.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
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

  private final Vertx vertx;
  private final Router router;
  private HttpServer server;

  public EdgeHttpServer(Vertx vertx, Supplier<NodeHealth> health) {
    this.vertx = vertx;
    this.router = Router.router(vertx);
    router.get("/edge/health").handler(ctx -> answerHealth(ctx, health.get()));
    router.route().failureHandler(this::failure);
    // while features are still being mounted, and for paths no route matches: the envelope, not Vert.x's text
    router.errorHandler(404, this::notFound);
  }

  /**
   * Mounts the catch-alls after every feature's routes: unknown API paths answer the envelope, the
   * rest is the web UI.
   */
  public void finishRoutes() {
    router.route("/edge/*").handler(this::notFound);
    router.route("/ipc/*").handler(this::notFound);
    router.route("/live/*").handler(this::notFound);
    router.route("/*").handler(StaticHandler.create(WEB_ROOT).setCachingEnabled(false));
    router.route().last().handler(this::notFound);
  }

  /** The router, for later features to mount their routes before the catch-alls. */
  public Router router() {
    return router;
  }

  public Future<Integer> listen(String host, int port) {
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
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

  private void answerHealth(RoutingContext ctx, NodeHealth health) {
    if (health.ready()) {
      ApiEnvelope.sendOk(ctx.response(), health.toJson());
    } else {
      ApiEnvelope.send(ctx.response(), 503, ApiEnvelope.error(ApiError.unavailable(
          "the node is starting (" + health.phase() + "); retry in a moment")).put("data", health.toJson()));
    }
  }

  private void notFound(RoutingContext ctx) {
    ApiEnvelope.sendError(ctx.response(), ApiError.notFound(
        "no route " + ctx.request().method() + " " + ctx.request().path() + " on this edge; see docs/api-coverage.md"));
  }

  private void failure(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.failure() instanceof ApiException api) {
      ApiEnvelope.sendError(ctx.response(), api.error());
      return;
    }
    int status = ctx.statusCode();
    String path = ctx.request().path();
    if (status == 404) {
      notFound(ctx);
    } else if (status == 405) {
      ApiEnvelope.sendError(ctx.response(), new ApiError(405, EdgeErrno.METHOD_NOT_ALLOWED,
          "method " + ctx.request().method() + " is not allowed on " + path));
    } else if (status == 413) {
      ApiEnvelope.sendError(ctx.response(), new ApiError(413, EdgeErrno.PARAM_INVALID,
          "the request body is over this route's limit"));
    } else if (status >= 400 && status < 500) {
      ApiEnvelope.sendError(ctx.response(), new ApiError(status, EdgeErrno.PARAM_INVALID,
          "the request to " + path + " is malformed: check its query string and body"));
    } else {
      LOG.error("request {} {} failed", ctx.request().method(), path, ctx.failure());
      ApiEnvelope.sendError(ctx.response(), ApiError.internal("the node failed to answer " + path
          + "; the node's log has the detail"));
    }
  }
}
