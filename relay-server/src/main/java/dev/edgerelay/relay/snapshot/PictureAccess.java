package dev.edgerelay.relay.snapshot;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.PlayTokenParam;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.token.PlayTokens;
import dev.edgerelay.relay.token.TokenCheck;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may fetch a picture's image at its {@code url} (spec 5.5). Public by default, as the platform's URLs
 * are: whoever holds the URL gets the image. With {@link SnapshotOptions#picturesPrivate()} the image needs the
 * api-key header (the master key or the device's own) or the token the {@code url} of get_list and get_info
 * carries, so a stranger on the LAN who guesses a name gets 403.
 */
public final class PictureAccess {
  /** Token scope of a device-channel's pictures. */
  static final String SCOPE = "pictures";
  /** How long a {@code url} handed out by get_list or get_info stays good: as long as get_play_token's. */
  static final long URL_TOKEN_LIFETIME_MILLIS = 3_600_000;

  private final boolean required;
  private final EdgeAuth auth;
  private final PlayTokens tokens;

  public PictureAccess(boolean required, EdgeAuth auth, PlayTokens tokens) {
    this.required = required;
    this.auth = auth;
    this.tokens = tokens;
  }

  /** What to append to a picture's {@code url}: nothing for public pictures, else {@code ?token=...}. */
  String urlQuery(ChannelRef channel) {
    return required ? "?token=" + tokens.issue(key(channel), SCOPE, URL_TOKEN_LIFETIME_MILLIS) : "";
  }

  /** Returns when the request may fetch a picture of {@code channel}; otherwise throws the 403 answer. */
  void authorize(RoutingContext ctx, ChannelRef channel) {
    if (!required) {
      return;
    }
    if (ctx.request().getHeader(EdgeAuth.HEADER) != null) {
      auth.callerFor(ctx, channel.deviceId());
      return;
    }
    String token = PlayTokenParam.from(ctx);
    if (token == null) {
      throw ApiError.token("pictures on this edge need the api-key header or the token their url carries: take the"
          + " url from get_list or get_info").exception();
    }
    TokenCheck check = tokens.check(token);
    if (!check.valid()) {
      throw ApiError.token("the picture token is refused (" + check.problem() + "): take a fresh url from get_list"
          + " or get_info").exception();
    }
    if (!check.grant().allows(key(channel), SCOPE)) {
      throw ApiError.token("this token is not for the pictures of " + channel + ": take the url from get_list or"
          + " get_info").exception();
    }
  }

  private static StreamKey key(ChannelRef channel) {
    return new StreamKey(channel.deviceId(), channel.channelId());
  }
}
