package dev.edgerelay.relay.cluster.live;

import dev.edgerelay.relay.cluster.Origin;
import dev.edgerelay.relay.cluster.Ownership;
import dev.edgerelay.relay.http.NodeAddress;
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
  private final String originNode;
  private final Ownership ownership;
  private final PlayTokens tokens;
  /** The origin's LAN RTMP address as last seen, for {@link #describe()}; null before it advertised one. */
  private volatile NodeAddress address;

  /** A relay of {@code key} from {@code originNode}, whose address {@code ownership} gives at each connect. */
  RelayUpstream(StreamKey key, String originNode, Ownership ownership, PlayTokens tokens) {
    this.key = key;
    this.originNode = originNode;
    this.ownership = ownership;
    this.tokens = tokens;
  }

  /** The node relayed from. */
  String originNode() {
    return originNode;
  }

  @Override
  public Future<String> playUrl() {
    Origin now = ownership.originOf(key);
    if (!now.node().equals(originNode)) {
      return Future.failedFuture("the origin moved from node " + originNode + " to node " + now.node());
    }
    if (now.address() == null) {
      return Future.failedFuture("origin node " + originNode + " has not advertised its addresses yet");
    }
    address = now.address();
    return Future.succeededFuture("rtmp://" + now.address().rtmp() + "/" + LanRtmpServer.APP + "/" + key.rtmpName()
        + "?" + tokens.issue(key, PlayGrant.LIVE, TOKEN_LIFETIME_MILLIS) + "&" + LanRtmpServer.RELAY_PARAM + "="
        + URLEncoder.encode(ownership.selfName(), StandardCharsets.UTF_8));
  }

  @Override
  public void tokenRefused() {
    // every connect mints a fresh token; a refusal names the origin's reason and the backoff paces the retry
  }

  @Override
  public String describe() {
    NodeAddress at = address;
    return "relay " + key.rtmpName() + " from node " + originNode + (at == null ? "" : " (" + at.rtmp() + ")");
  }
}
