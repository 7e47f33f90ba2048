package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.cluster.ownership.OriginRule;
import dev.edgerelay.relay.cluster.ownership.StreamClaim;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's claims: the channels whose origin it runs, its own truth, ahead of {@code edge.streams}. A claim or a
 * release is taken here at once, from any thread; {@link ClusterOwnership} then shares it from its context. Claims the
 * shared map lost (a merge, a race) are put back when the origin rule still gives their channel to this node.
 *
 * <p>Threading: the map is concurrent, as claims come from any thread and this node's record reads them anywhere;
 * sharing and re-asserting run on the ownership's context, their Hazelcast calls on {@link SiteState}'s workers.
 */
final class OwnClaims {
  /** Logs as the ownership, as these lines did before they moved here. */
  private static final Logger LOG = LoggerFactory.getLogger(ClusterOwnership.class);

  private final String self;
  private final Clock clock;
  private final SiteState state;
  private final Map<String, StreamClaim> own = new ConcurrentHashMap<>();

  OwnClaims(String self, Clock clock, SiteState state) {
    this.self = self;
    this.clock = clock;
    this.state = state;
  }

  /** Claims {@code channel} as {@code kind}; null when it holds that claim already (which keeps its since). */
  StreamClaim take(String channel, OriginKind kind) {
    StreamClaim before = own.get(channel);
    if (before != null && before.kind() == kind) {
      return null; // the same claim again: it keeps its since
    }
    StreamClaim claim = new StreamClaim(self, kind, clock.millis());
    own.put(channel, claim);
    return claim;
  }

  /** Drops the claim on {@code channel}; false when this node held none. */
  boolean drop(String channel) {
    return own.remove(channel) != null;
  }

  /** On context: writes a claim taken by {@link #take} to the shared state. */
  void share(String channel, StreamClaim claim) {
    state.putStream(channel, claim).onFailure(e -> LOG.warn("claiming {} in the shared state failed", channel, e));
  }

  /** On context: removes a claim dropped by {@link #drop} from the shared state. */
  void unshare(String channel) {
    state.removeStream(channel, self).onFailure(e -> LOG.warn("releasing {} in the shared state failed", channel, e));
  }

  /** Every claim of this node by channel, live. */
  Map<String, StreamClaim> all() {
    return Collections.unmodifiableMap(own);
  }

  /** The claimed channels, sorted, as this node's record lists them. */
  List<String> channels() {
    return own.keySet().stream().sorted().toList();
  }

  void clear() {
    own.clear();
  }

  /**
   * On context: puts again each claim that {@code shared} (the snapshot of {@code edge.streams}) lacks or names another
   * node for, when {@code settled} (the view's claims, conflicts settled as in {@link OriginRule#contested}) gives the
   * channel to this node; on the record timer and after a merge, so two nodes that disagree converge without a write
   * storm.
   */
  void reassert(Map<String, StreamClaim> shared, Map<String, StreamClaim> settled) {
    own.forEach((channel, claim) -> {
      StreamClaim sharedClaim = shared.get(channel);
      StreamClaim settledClaim = settled.get(channel);
      if ((sharedClaim == null || !sharedClaim.node().equals(self)) && settledClaim != null
          && settledClaim.node().equals(self)) {
        LOG.info("{}: the shared state names {} as its origin; claiming it again", channel,
            sharedClaim == null ? "no node" : sharedClaim.node());
        state.putStream(channel, claim).onFailure(e -> LOG.warn("claiming {} again failed", channel, e));
      }
    });
  }
}
