package dev.edgerelay.relay.cluster.live;

import dev.edgerelay.relay.cluster.ClusterOptions;
import dev.edgerelay.relay.cluster.ForeignLive;
import dev.edgerelay.relay.cluster.PlayAddressMode;
import dev.edgerelay.relay.cluster.ownership.TakeoverPacer;

/**
 * How a node of a site serves channels whose origin is another node (docs/architecture.md, "Cluster: live path").
 *
 * @param playAddressSelf play_address answers this node's address rather than the origin's (a site behind one
 *     virtual IP)
 * @param redirectForeignLive a live playlist or segment of a channel whose origin is another node is answered
 *     with a 302 to the origin rather than served here through a relay (RTMP stays relayed)
 * @param takeoverConcurrency platform pulls started at once because this node became their origin
 * @param forwardTimeoutMillis how long a preload, live_preview or snapshot forwarded to the origin may take
 */
public record LivePathOptions(boolean playAddressSelf, boolean redirectForeignLive, int takeoverConcurrency,
    long forwardTimeoutMillis) {
  /** The pacer's own default (sixteen at once). */
  public static final int DEFAULT_TAKEOVER_CONCURRENCY = TakeoverPacer.DEFAULT_CONCURRENCY;
  /** A peer on the LAN answers in milliseconds; two seconds means it is gone or stuck. */
  public static final long DEFAULT_FORWARD_TIMEOUT_MILLIS = 2_000;
  /** The defaults: play_address names the origin, viewers are served through relays. */
  public static final LivePathOptions DEFAULTS = new LivePathOptions(false, false, DEFAULT_TAKEOVER_CONCURRENCY,
      DEFAULT_FORWARD_TIMEOUT_MILLIS);

  /** The live path as the cluster options say (their defaults are {@link #DEFAULTS}). */
  public static LivePathOptions of(ClusterOptions cluster) {
    return new LivePathOptions(cluster.playAddress() == PlayAddressMode.SELF,
        cluster.foreignLive() == ForeignLive.REDIRECT, cluster.takeoverConcurrency(), cluster.fanoutTimeoutMs());
  }

  public LivePathOptions {
    if (takeoverConcurrency < 1) {
      throw new IllegalArgumentException("takeoverConcurrency must be 1 or more, got " + takeoverConcurrency);
    }
    if (forwardTimeoutMillis < 1) {
      throw new IllegalArgumentException("forwardTimeoutMillis must be 1 or more, got " + forwardTimeoutMillis);
    }
  }
}
