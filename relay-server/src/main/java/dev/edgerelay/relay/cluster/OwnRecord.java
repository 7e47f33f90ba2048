package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.http.NodeAddress;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's own {@code edge.nodes} record: what it says (addresses, readiness, draining, weight, version, config
 * digests, the channels it claims, its load figures) and its writing: on each change of its own, every
 * {@value #RECORD_INTERVAL_MILLIS} ms when it changed, after a merge and whenever the site holds this node absent or
 * down while it runs. A record equal to the last one written is not written again.
 *
 * <p>Threading: writes and the load figures run on the ownership's context, the writes' Hazelcast calls on
 * {@link SiteState}'s workers; the address, readiness, draining and load source are volatile, set from any thread.
 */
final class OwnRecord {
  /** Logs as the ownership, as these lines did before they moved here. */
  private static final Logger LOG = LoggerFactory.getLogger(ClusterOwnership.class);
  /** This node's record is rewritten this often (when it changed) and on every change of its own. */
  static final long RECORD_INTERVAL_MILLIS = 3_000;

  private final Vertx vertx;
  private final Context context;
  private final String self;
  private final ClusterOptions options;
  private final ConfigDigest config;
  private final String version;
  private final SiteState state;
  private final OwnClaims claims;
  private final BooleanSupplier closed;
  private volatile NodeAddress address;
  private volatile boolean ready;
  private volatile boolean draining;
  private volatile Supplier<Future<NodeLoad>> load = () -> Future.succeededFuture(NodeLoad.UNKNOWN);

  // on context only
  private String lastWritten;
  private long recordTimer = -1;
  private NodeLoad lastLoad = NodeLoad.UNKNOWN;

  OwnRecord(Vertx vertx, Context context, String self, ClusterOptions options, ConfigDigest config, String version,
      SiteState state, OwnClaims claims, BooleanSupplier closed) {
    this.vertx = vertx;
    this.context = context;
    this.self = self;
    this.options = options;
    this.config = config;
    this.version = version;
    this.state = state;
    this.claims = claims;
    this.closed = closed;
  }

  void advertise(NodeAddress address, boolean ready) {
    this.address = address;
    this.ready = ready;
  }

  /** Where this node's HTTP API and LAN RTMP listen; null before it advertised. */
  NodeAddress address() {
    return address;
  }

  /** On close: the last record says not ready. */
  void notReady() {
    this.ready = false;
  }

  void draining(boolean draining) {
    this.draining = draining;
  }

  boolean draining() {
    return draining;
  }

  /** Where the record gets its relays, outbox and disk figures; read on every rewrite. */
  void reportLoad(Supplier<Future<NodeLoad>> load) {
    this.load = Objects.requireNonNull(load);
  }

  /** This node's record as it stands; load figures are the last read. */
  NodeRecord record() {
    NodeAddress a = address;
    return new NodeRecord(self, a == null ? "" : a.http(), a == null ? "" : a.rtmp(), options.nodeWeight(), ready,
        draining, version, config, claims.channels(), lastLoad, 0);
  }

  /** On context: every {@value #RECORD_INTERVAL_MILLIS} ms reads the load, writes the record, then runs {@code after}. */
  void startRewriting(Runnable after) {
    recordTimer = vertx.setPeriodic(RECORD_INTERVAL_MILLIS, t -> refresh(after));
  }

  void stopRewriting() {
    vertx.cancelTimer(recordTimer);
  }

  private void refresh(Runnable after) {
    load.get().onComplete(ar -> context.runOnContext(v -> {
      if (ar.succeeded() && ar.result() != null) {
        lastLoad = ar.result();
      }
      write();
      after.run();
    }));
  }

  /**
   * On context, with each snapshot: when the site holds this node absent or down ({@code mine}, its record there)
   * after it wrote its record, peers marked it down while it was paused or cut off (or a merge kept their copy).
   */
  void rewriteIfHeldDown(NodeRecord mine) {
    if (lastWritten != null && (mine == null || mine.downSince() != 0)) {
      // peers marked this node down while it was paused or cut off (or a merge kept their copy): it is back
      LOG.info("the site holds this node as {}; writing its record again", mine == null ? "absent" : "down");
      lastWritten = null;
      write();
    }
  }

  /** On context, after a merge: the merge kept the site's copy of this record, which may say "down". */
  void rewriteAfterMerge() {
    LOG.info("merged back into the site: publishing this node's record and its claims again");
    lastWritten = null;
    write();
  }

  /** On context: writes this node's record when it changed since the last write. */
  Future<Void> write() {
    if (closed.getAsBoolean()) {
      return Future.succeededFuture();
    }
    NodeRecord record = record();
    String text = record.encode();
    if (text.equals(lastWritten)) {
      return Future.succeededFuture();
    }
    lastWritten = text;
    return state.putNode(record).onFailure(e -> {
      lastWritten = null; // written again on the next round
      LOG.warn("writing this node's record failed", e);
    });
  }
}
