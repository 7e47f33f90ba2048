package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.cluster.ownership.TakeoverGuard;
import dev.edgerelay.relay.http.NodeAddress;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members that left this node's view and are not yet confirmed dead (docs/architecture.md, "Cluster"): each is
 * probed through {@link TakeoverGuard}; one that still answers stays a suspect and is probed again after
 * {@value #SUSPECT_RECHECK_MILLIS} ms; one confirmed dead leaves the suspects, its record gets its "down since" and
 * its channels move. Until then {@link ClusterOwnership} keeps its place and its claims in the view.
 *
 * <p>Threading: everything here runs on the ownership's context; the guard's answer and the re-probe timer hop back
 * to it, and the "down since" is written through {@link SiteState} (Hazelcast on its workers).
 */
final class SuspectWatch {
  /** Logs as the ownership, as these lines did before they moved here. */
  private static final Logger LOG = LoggerFactory.getLogger(ClusterOwnership.class);
  /** A suspect that still answered its health check is probed again after this long. */
  static final long SUSPECT_RECHECK_MILLIS = 2_000;

  private final Vertx vertx;
  private final Context context;
  private final String self;
  private final Clock clock;
  private final TakeoverGuard guard;
  private final SiteState state;
  /** The snapshot the ownership applied last: whether this node is the oldest member when a death is confirmed. */
  private final Supplier<SiteState.Snapshot> snapshot;
  private final BooleanSupplier closed;
  /** Run once a suspect is confirmed dead: the view is rebuilt without it. */
  private final Runnable confirmed;
  private final Map<String, NodeRecord> suspects = new LinkedHashMap<>();
  /** When each suspect left the view: the "down since" its record gets once it is confirmed dead. */
  private final Map<String, Long> suspectSince = new HashMap<>();
  private volatile long takeovers;

  SuspectWatch(Vertx vertx, Context context, String self, Clock clock, TakeoverGuard guard, SiteState state,
      Supplier<SiteState.Snapshot> snapshot, BooleanSupplier closed, Runnable confirmed) {
    this.vertx = vertx;
    this.context = context;
    this.self = self;
    this.clock = clock;
    this.guard = guard;
    this.state = state;
    this.snapshot = snapshot;
    this.closed = closed;
    this.confirmed = confirmed;
  }

  /**
   * Between two snapshots: each member in {@code before} and not in {@code now} becomes a suspect (with its last
   * record from {@code lastRecords}) and is probed; each member in {@code now} is no suspect any more.
   */
  void update(Set<String> before, Set<String> now, Map<String, NodeRecord> lastRecords) {
    for (String gone : before) {
      if (!now.contains(gone) && !gone.equals(self) && !suspects.containsKey(gone)) {
        NodeRecord last = lastRecords.get(gone);
        suspects.put(gone, last);
        suspectSince.put(gone, clock.millis());
        LOG.info("node {} left the site's view; probing its health before its channels move", gone);
        probe(gone);
      }
    }
    for (String back : now) {
      suspects.remove(back);
      suspectSince.remove(back);
    }
  }

  boolean contains(String name) {
    return suspects.containsKey(name);
  }

  /** The suspects with their last records, in the order they left the view. */
  Map<String, NodeRecord> records() {
    return Collections.unmodifiableMap(suspects);
  }

  Set<String> names() {
    return suspects.keySet();
  }

  /** Members this node confirmed dead since it started. */
  long takeovers() {
    return takeovers;
  }

  private void probe(String name) {
    NodeAddress where = ClusterOwnership.addressOf(suspects.get(name));
    Future<Boolean> dead = where == null ? Future.succeededFuture(true) : guard.confirmDead(where);
    dead.onComplete(ar -> context.runOnContext(v -> {
      if (closed.getAsBoolean() || !suspects.containsKey(name)) {
        return; // it came back meanwhile
      }
      if (ar.succeeded() && ar.result()) {
        NodeRecord last = suspects.remove(name);
        Long left = suspectSince.remove(name);
        long since = left == null ? clock.millis() : left;
        takeovers++;
        LOG.info("node {} confirmed dead {} ms after it left the view; its channels move", name,
            clock.millis() - since);
        markDown(name, last, since);
        confirmed.run();
      } else {
        vertx.setTimer(SUSPECT_RECHECK_MILLIS, t -> context.runOnContext(x -> {
          if (!closed.getAsBoolean() && suspects.containsKey(name)) {
            probe(name);
          }
        }));
      }
    }));
  }

  /**
   * The oldest live member writes a dead node's "down since", so one write happens, not one per survivor. It is
   * when the node left the view, not when the guard confirmed it: the start of the takeover its channels see.
   */
  private void markDown(String name, NodeRecord last, long since) {
    List<SiteMember> members = snapshot.get().members();
    if (last != null && !members.isEmpty() && members.get(0).name().equals(self) && last.downSince() == 0) {
      state.putNode(last.down(since)).onFailure(e -> LOG.warn("marking {} down failed", name, e));
    }
  }
}
