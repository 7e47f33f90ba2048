package dev.edgerelay.sim.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's answer envelope {@code {"errno":..,"error":..,...}} (API-NOTES "Envelope"), the body limits of
 * the routes, and the one failure handler through which every error leaves: never an HTML page, never a stack
 * trace.
 */
public final class Envelope {
  /** Spec 15 routes: their errno is the HTTP status (200 on success for upload and delete). */
  public static final String OBJECT_STORAGE_PREFIX = "/ipc/video/file/";
  /** Bound of any JSON request body (device attributes, delete_video lists, switches). */
  public static final long JSON_BODY_LIMIT = 64 * 1024;
  private static final String LIMIT_KEY = "sim.bodyLimit";
  private static final Logger LOG = LoggerFactory.getLogger(Envelope.class);

  private Envelope() {}

  /** {@code {"errno":0,"error":"succ"}}. */
  public static JsonObject succ() {
    return new JsonObject().put("errno", 0).put("error", "succ");
  }

  public static void ok(RoutingContext ctx) {
    send(ctx, 200, succ());
  }

  /** Success with the payload under {@code key} ({@code data}, {@code result}, {@code resp}, ...). */
  public static void ok(RoutingContext ctx, String key, Object payload) {
    send(ctx, 200, succ().put(key, payload));
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8")
        .end(body.encode());
  }

  public static void fail(RoutingContext ctx, SimError error, String sentence) {
    SimError answered = ctx.normalizedPath().startsWith(OBJECT_STORAGE_PREFIX) ? error.forObjectStorage() : error;
    String text = sentence == null ? answered.sentence()
        : answered == error ? sentence : answered.sentence() + ": " + sentence;
    send(ctx, answered.httpStatus(), new JsonObject().put("errno", answered.errno()).put("error", text));
  }

  /**
   * Reads the body up to {@code limitBytes}; beyond it the request fails with 413 without buffering the rest
   * (BodyHandler checks Content-Length first, then counts as chunks arrive).
   */
  public static Handler<RoutingContext> body(long limitBytes) {
    BodyHandler reader = BodyHandler.create(false).setBodyLimit(limitBytes);
    return ctx -> {
      ctx.put(LIMIT_KEY, limitBytes);
      reader.handle(ctx);
    };
  }

  /** The router's failure handler: maps what went wrong to an errno and a sentence. */
  public static void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      fail(ctx, api.error(), api.getMessage());
      return;
    }
    int status = ctx.statusCode();
    switch (status) {
      case 413 -> {
        Long limit = ctx.get(LIMIT_KEY);
        fail(ctx, SimError.BODY_TOO_LARGE, "The body is over this route's limit of " + limit + " bytes");
      }
      case 404 -> fail(ctx, SimError.ROUTE_NOT_FOUND, "No route " + ctx.request().method() + " "
          + Params.abbreviate(ctx.normalizedPath()) + ": see the API document for the paths");
      case 405 -> fail(ctx, SimError.METHOD_NOT_ALLOWED, null);
      case 400 -> fail(ctx, SimError.PARAM_INVALID, "The request could not be parsed: check its URL encoding");
      default -> {
        LOG.warn("internal error on {} {}", ctx.request().method(), ctx.normalizedPath(), failure);
        fail(ctx, SimError.INTERNAL, null);
      }
    }
  }
}
