package dev.edgerelay.relay.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Finds the play token in a play URL. The spec appends it raw after {@code ?} on RTMP and HLS URLs
 * ({@code index.m3u8?{accessToken}}) and as {@code token=} on preload and thumbnails (spec 4.1-4.3);
 * players also carry it on segment URIs we write as {@code seg.ts?{token}}.
 */
public final class PlayTokenParam {
  private PlayTokenParam() {}

  public static String from(RoutingContext ctx) {
    String named = ctx.queryParams().get("token");
    if (named != null) {
      return named;
    }
    String raw = ctx.request().query();
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    int amp = raw.indexOf('&');
    String first = amp < 0 ? raw : raw.substring(0, amp);
    return first.indexOf('=') < 0 ? first : null;
  }
}
