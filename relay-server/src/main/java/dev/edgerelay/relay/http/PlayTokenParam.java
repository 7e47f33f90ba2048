package dev.edgerelay.relay.http;

import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.token.PlayGrant;
import dev.edgerelay.relay.token.PlayTokens;
import dev.edgerelay.relay.token.TokenCheck;
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

  /** The request's token when it grants live play of {@code key}; otherwise throws the 403 answer. */
  public static String requireLive(RoutingContext ctx, PlayTokens tokens, StreamKey key) {
    String token = from(ctx);
    TokenCheck check = tokens.check(token);
    if (!check.valid()) {
      throw ApiError.token(check.problem()).exception();
    }
    if (!check.grant().allows(key, PlayGrant.LIVE)) {
      throw ApiError.token("this play token is for " + check.grant().key() + ", not " + key
          + ": ask play_address for this channel").exception();
    }
    return token;
  }
}
