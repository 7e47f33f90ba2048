package dev.edgerelay.relay.pull;

import io.vertx.core.Future;

/**
 * Where a {@link PullSession} plays from: the platform's RTMP with a play_address token (this node is the
 * channel's origin), or a peer node's LAN RTMP with a token minted here (a relay from the origin node,
 * docs/architecture.md "Cluster: live path"). The session asks before every connect; the loop, backoff,
 * watchdog and restart marking are the session's and the same for both.
 */
public interface Upstream {
  /** The RTMP URL to play next, its token included; may reuse a cached token that is still fresh. */
  Future<String> playUrl();

  /** The upstream refused the last token: the next {@link #playUrl()} gets a fresh one. */
  void tokenRefused();

  /** For logs and {@code /edge/channels}: "pull dev-1 from 10.0.0.5:1935", "relay dev-1 from node a (...)". */
  String describe();
}
