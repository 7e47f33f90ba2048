package dev.edgerelay.relay.cluster.live;

import dev.edgerelay.relay.cluster.Origin;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.pull.Upstream;
import dev.edgerelay.relay.rtmp.LanRtmpServer;
import dev.edgerelay.relay.token.PlayGrant;
import dev.edgerelay.relay.token.PlayTokens;
import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A relay: the origin node's LAN RTMP, {@code rtmp://{origin}/live/{dev}-{ch}?{token}&relay={self}}, with a
 * play token minted here (every node derives the token key from the shared master key, so the origin accepts
 * it). The origin admits the play only while it is the channel's origin, and lists it as a relay, not a viewer.
 */
final class RelayUpstream implements Upstream {
  /** A relay's token is minted afresh for every connect, so a short life is enough and limits a leaked URL. */
  static final long TOKEN_LIFETIME_MILLIS = 60_000;

  private final StreamKey key;
  private final Origin origin;
  private final PlayTokens tokens;
  private final String selfName;

  RelayUpstream(StreamKey key, Origin origin, PlayTokens tokens, String selfName) {
    this.key = key;
    this.origin = origin;
    this.tokens = tokens;
    this.selfName = selfName;
  }

  /** The node relayed from. */
  String originNode() {
    return origin.node();
  }

  @Override
  public Future<String> playUrl() {
    if (origin.address() == null) {
      return Future.failedFuture("origin node " + origin.node() + " has not advertised its addresses yet");
    }
    return Future.succeededFuture("rtmp://" + origin.address().rtmp() + "/" + LanRtmpServer.APP + "/" + key.rtmpName()
        + "?" + tokens.issue(key, PlayGrant.LIVE, TOKEN_LIFETIME_MILLIS) + "&" + LanRtmpServer.RELAY_PARAM + "="
        + URLEncoder.encode(selfName, StandardCharsets.UTF_8));
  }

  @Override
  public void tokenRefused() {
    // every connect mints a fresh token; a refusal names the origin's reason and the backoff paces the retry
  }

  @Override
  public String describe() {
    return "relay " + key.rtmpName() + " from node " + origin.node()
        + (origin.address() == null ? "" : " (" + origin.address().rtmp() + ")");
  }
}
