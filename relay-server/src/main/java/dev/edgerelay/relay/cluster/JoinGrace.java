package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.cluster.ownership.MemberState;
import dev.edgerelay.relay.cluster.ownership.OriginRule;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * When this node first saw each member ready: the start of its join grace in {@link OriginRule}. Members settled
 * before this node came, and every member after a rebalance, count as ready since 0, past any grace. With
 * {@link Rebalance#AUTO} a timer tells the ownership when a newcomer's grace ends, as origins may then move to it with
 * no event to say so.
 *
 * <p>Threading: on the ownership's context only, like the view it feeds; the grace timer hops back to it.
 */
final class JoinGrace {
  /**
   * With a manual rebalance a newcomer's grace never ends by itself (ten years); members settled before it
   * (seen ready since 0) are past any grace, and a rebalance settles every member.
   */
  static final long MANUAL_GRACE_MILLIS = 10L * 365 * 24 * 3600 * 1000;

  private final Vertx vertx;
  private final Context context;
  private final String self;
  private final ClusterOptions options;
  /** Run on the context when a newcomer's grace has ended. */
  private final Runnable ended;
  /** When this node first saw each member ready: the start of its join grace; 0 for members settled before us. */
  private final Map<String, Long> readySince = new HashMap<>();
  private boolean firstSnapshot = true;

  JoinGrace(Vertx vertx, Context context, String self, ClusterOptions options, Runnable ended) {
    this.vertx = vertx;
    this.context = context;
    this.self = self;
    this.options = options;
    this.ended = ended;
  }

  /** The grace the origin rule applies: the configured one, or no end by itself with a manual rebalance. */
  static long ruleGrace(ClusterOptions options) {
    return options.rebalance() == Rebalance.MANUAL ? MANUAL_GRACE_MILLIS : options.joinGraceMs();
  }

  /** With each snapshot's member names: those of the first were settled before this node came, with no grace. */
  void noteMembers(Set<String> now) {
    if (firstSnapshot) { // members settled before this node came: no join grace for them
      firstSnapshot = false;
      for (String name : now) {
        if (!name.equals(self)) {
          readySince.put(name, 0L);
        }
      }
    }
  }

  /** A rebalance: every member seen ready is past its grace. */
  void settleAll() {
    readySince.replaceAll((name, since) -> 0L);
  }

  /** {@code name} as the origin rule sees it, from its record ({@code null} when it has none). */
  MemberState member(String name, NodeRecord record, long nowMillis) {
    boolean isReady = record != null && record.ready() && record.downSince() == 0;
    if (!isReady) {
      readySince.remove(name);
    } else if (!readySince.containsKey(name)) {
      readySince.put(name, nowMillis);
      if (options.joinGraceMs() > 0 && options.rebalance() == Rebalance.AUTO) { // when its grace ends, origins may move to it with no event to say so
        vertx.setTimer(options.joinGraceMs() + 1, t -> context.runOnContext(v -> ended.run()));
      }
    }
    return new MemberState(name, record == null ? 0 : record.weight(), isReady,
        record != null && record.draining(), readySince.getOrDefault(name, nowMillis));
  }
}
