package dev.edgerelay.relay.vod;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.PlayTokenParam;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.token.PlayTokens;
import dev.edgerelay.relay.token.TokenCheck;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may play recordings, as for live: a play token for the channel in the right scope (the video id,
 * from get_play_token, spec 6.5; or {@link #RVOD_SCOPE} for time ranges), or the api-key header.
 */
public final class VodAccess {
  /** Token scope of time-range playback and export (spec 4.1 rvod). */
  public static final String RVOD_SCOPE = "rvod";

  private final EdgeAuth auth;
  private final PlayTokens tokens;

  public VodAccess(EdgeAuth auth, PlayTokens tokens) {
    this.auth = auth;
    this.tokens = tokens;
  }

  public PlayTokens tokens() {
    return tokens;
  }

  /** Returns the token to put on segment URIs (empty when the api-key was used); throws 403 otherwise. */
  public String authorize(RoutingContext ctx, ChannelRef channel, String scope) {
    if (ctx.request().getHeader("api-key") != null) {
      auth.callerFor(ctx, channel.deviceId());
      return "";
    }
    String token = PlayTokenParam.from(ctx);
    String problem = tokenProblem(token, channel, scope);
    if (problem != null) {
      throw ApiError.token(problem).exception();
    }
    return token;
  }

  /**
   * The same rule for an RTMP play, whose URL carries a token or {@code key=} in its query instead of a
   * header: null when allowed, else a sentence saying what to fix.
   */
  public String problem(ChannelRef channel, String scope, String token, String apiKey) {
    if (apiKey != null) {
      return auth.mayPublish(apiKey, channel.deviceId()) ? null
          : "key= must be the master key or device " + channel.deviceId() + "'s own key";
    }
    return tokenProblem(token, channel, scope);
  }

  private String tokenProblem(String token, ChannelRef channel, String scope) {
    TokenCheck check = tokens.check(token);
    if (!check.valid()) {
      return check.problem();
    }
    if (!check.grant().allows(key(channel), scope)) {
      return "this play token is for " + check.grant().key() + " scope " + check.grant().scope()
          + ", not " + channel + " scope " + scope + ": ask get_play_token for it";
    }
    return null;
  }

  static StreamKey key(ChannelRef c) {
    return new StreamKey(c.deviceId(), c.channelId());
  }

  /** Parses {@code dev-ch} from a path; 404 when it is not one. */
  static ChannelRef channel(String text, String path) {
    StreamKey key = StreamKey.parseDashed(text);
    if (key == null) {
      throw ApiError.notFound("no recording at " + path + ": channels are written {device_id}-{channel_id}").exception();
    }
    return new ChannelRef(key.deviceId(), key.channelId());
  }
}
