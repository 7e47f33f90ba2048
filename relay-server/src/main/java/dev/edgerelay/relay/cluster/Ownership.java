package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Future;

/**
 * Which node of the site runs each channel's origin (the one upstream pull, or the LAN camera's publish), as
 * this node sees it now (docs/architecture.md, "Cluster"). A single node is its own origin for everything
 * ({@link SingleNode}); a clustered node computes the origin locally from the member list and the claims in
 * the shared state, without locks or a leader.
 *
 * <p>Calls are cheap and never block: answers come from this node's current view. Listeners run on the
 * Vert.x context that registered them, never inside a cluster manager's callback.
 */
public interface Ownership {
  /** This node's stable name (persisted in its data directory). */
  String selfName();

  /** Where {@code key}'s origin should run now; never null (this node when it is alone). */
  Origin originOf(StreamKey key);

  /** This node runs {@code key}'s origin from now on ({@code kind}: a platform pull or a LAN publish). */
  void claim(StreamKey key, OriginKind kind);

  /** This node stopped running {@code key}'s origin. */
  void release(StreamKey key);

  /** Publishes this node's addresses and readiness to its peers (a no-op for a single node). */
  void advertise(NodeAddress address, boolean ready);

  /** Runs {@code listener} on the caller's context whenever origins may have changed (members, claims). */
  void onChange(Runnable listener);

  /** Members of the site this node sees, itself included. */
  int members();

  /**
   * The site as this node sees it, for {@code /edge/cluster}; by default a one-member site of this node.
   */
  default SiteView site() {
    return SiteView.alone(NodeRecord.of(selfName(), null, 1, true, "", "", java.util.List.of()));
  }

  /**
   * Forgets {@code node}, a decommissioned node that is down: its record (and the stranded uploads it shows) and
   * its claims leave the shared state. Completes with false, changing nothing, while the node is live or not yet
   * confirmed dead. A single node knows no other node: false.
   */
  default Future<Boolean> forget(String node) {
    return Future.succeededFuture(false);
  }

  /** Leaves the site (a single node: nothing to do). */
  Future<Void> close();
}
