package dev.edgerelay.relay.http;

import io.vertx.ext.web.RoutingContext;

/**
 * CORS for play routes (live, VOD, range playback): web players on the LAN load our HLS from pages
 * served elsewhere, and send {@code Range} and {@code api-key} headers, which need a preflight.
 */
public final class Cors {
  private Cors() {}

  /** A route handler: answers a preflight itself, otherwise adds the header and passes on. */
  public static void handle(RoutingContext ctx) {
    ctx.response().putHeader("access-control-allow-origin", "*");
    if (ctx.request().method().name().equals("OPTIONS")) {
      ctx.response().putHeader("access-control-allow-methods", "GET, OPTIONS")
          .putHeader("access-control-allow-headers", "range, api-key").setStatusCode(204).end();
      return;
    }
    ctx.next();
  }
}
