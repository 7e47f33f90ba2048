package dev.edgerelay.relay.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.edgerelay.relay.cluster.ownership.MemberState;
import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.cluster.ownership.OriginRule;
import dev.edgerelay.relay.cluster.ownership.StreamClaim;
import dev.edgerelay.relay.cluster.ownership.TakeoverGuard;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ownership on a site of several nodes (docs/architecture.md, "Cluster"): the view is the live Hazelcast members
 * carrying a node name, joined with their {@code edge.nodes} records; origins follow {@link OriginRule} over that
 * view and the claims of {@code edge.streams}. Every node computes them alone, without locks or a leader.
 *
 * <p>Threading: the view is rebuilt on one Vert.x context from {@link SiteState}'s snapshots (Hazelcast calls on its
 * workers) and published as an immutable {@link Computed}, so {@link #originOf} is a cheap read from any thread.
 * A member that leaves the view is a suspect: its claims and its place stand until {@link TakeoverGuard} confirms
 * it dead; one that answers its health check stays a suspect and is probed again.
 *
 * <p>Parts, each on this ownership's context (see each one's comment): {@link SuspectWatch} (the suspects and their
 * confirmation), {@link OwnRecord} (this node's record and its rewriting), {@link OwnClaims} (this node's claims),
 * {@link JoinGrace} (when each member became ready) and {@link ChangeListeners}. This class keeps the computed view
 * and the wiring between them.
 *
 * <p>A channel whose recording intent ({@code edge.recording}) is on counts as recorded in the rule: it follows the
 * rendezvous owner (with the join grace), not its viewers. With {@link Rebalance#MANUAL} a member that joins never
 * takes a live channel until {@link #rebalance()}; a draining node leaves the ready set.
 */
public final class ClusterOwnership implements Ownership {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterOwnership.class);
  /** Every member hears a rebalance asked on any of them here (published, no reply). */
  static final String REBALANCE_ADDRESS = "edge.cluster.rebalance";

  /** What {@link #originOf} reads: published whole, never changed. */
  private record Computed(List<MemberState> members, Map<String, NodeRecord> records, Map<String, StreamClaim> claims,
      Map<String, RecordingIntent> intents, int liveCount) {
  }

  private final Vertx vertx;
  private final Context context;
  private final String self;
  private final Clock clock;
  private final OriginRule rule;
  private final SiteState state;
  private final SuspectWatch suspects;
  private final OwnClaims ownClaims;
  private final OwnRecord ownRecord;
  private final JoinGrace grace;
  private final ChangeListeners listeners;
  private volatile Computed computed = new Computed(List.of(), Map.of(), Map.of(), Map.of(), 1);
  private volatile SiteView view;

  // on context only
  private SiteState.Snapshot snapshot = new SiteState.Snapshot(List.of(), Map.of(), Map.of(), Map.of());
  private Object fingerprint;
  private boolean closed;
  /** After a merge: the next snapshot re-asserts this node's claims. */
  private boolean reassertAfterRead;
  private io.vertx.core.eventbus.MessageConsumer<Object> rebalances;

  private ClusterOwnership(Vertx vertx, HazelcastInstance hazelcast, ClusterOptions options, String self,
      ConfigDigest config, String version, TakeoverGuard guard, Clock clock) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.self = self;
    this.clock = clock;
    this.rule = new OriginRule(JoinGrace.ruleGrace(options));
    this.state = new SiteState(context, hazelcast, this::apply, this::merged);
    this.listeners = new ChangeListeners(context);
    this.suspects = new SuspectWatch(vertx, context, self, clock, guard, state, () -> snapshot, () -> closed,
        this::recompute);
    this.ownClaims = new OwnClaims(self, clock, state);
    this.ownRecord = new OwnRecord(vertx, context, self, options, config, version, state, ownClaims, () -> closed);
    this.grace = new JoinGrace(vertx, context, self, options, this::fire);
    this.view = SiteView.alone(ownRecord.record());
  }

  /**
   * Joins the shared state as {@code self}: clears its claims from an earlier life, reads the site, writes its
   * record (not ready until {@link #advertise}) and rewrites it every {@value OwnRecord#RECORD_INTERVAL_MILLIS} ms.
   *
   * @param config digests of the settings every node of the site must share
   */
  public static Future<ClusterOwnership> start(Vertx vertx, HazelcastInstance hazelcast, ClusterOptions options,
      String self, ConfigDigest config, String version) {
    TakeoverGuard guard = new TakeoverGuard(vertx, TakeoverGuard.http(vertx, TakeoverGuard.DEFAULT_PROBE_TIMEOUT_MILLIS),
        TakeoverGuard.DEFAULT_FAILURES_NEEDED, TakeoverGuard.DEFAULT_INTERVAL_MILLIS);
    ClusterOwnership ownership = new ClusterOwnership(vertx, hazelcast, options, self, config, version, guard,
        Clock.systemUTC());
    return ownership.begin().map(ownership);
  }

  /** As {@link #start(Vertx, HazelcastInstance, ClusterOptions, String, ConfigDigest, String)} with one digest. */
  public static Future<ClusterOwnership> start(Vertx vertx, HazelcastInstance hazelcast, ClusterOptions options,
      String self, String configHash, String version) {
    return start(vertx, hazelcast, options, self, ConfigDigest.of(configHash), version);
  }

  private Future<Void> begin() {
    Future<Void> started = Future.future(p -> context.runOnContext(v -> state.start()
        .compose(x -> state.removeStreamsOf(self))
        .compose(x -> ownRecord.write())
        .onSuccess(x -> rebalances = vertx.eventBus().consumer(REBALANCE_ADDRESS, m -> settleAll()))
        .onSuccess(x -> ownRecord.startRewriting(this::afterRecordTick))
        .onComplete(p)));
    return started;
  }

  @Override
  public String selfName() {
    return self;
  }

  @Override
  public Origin originOf(StreamKey key) {
    Computed now = computed;
    String channel = key.rtmpName();
    RecordingIntent intent = now.intents().get(channel);
    String name = rule.origin(channel, now.members(), now.claims().get(channel), intent != null && intent.on(),
        clock.millis());
    if (name == null || name.equals(self)) { // nobody ready: this node serves what it is asked for, as alone
      return new Origin(self, ownRecord.address(), true);
    }
    return new Origin(name, addressOf(now.records().get(name)), false);
  }

  /** Where a peer's HTTP API and LAN RTMP listen, from its record; null before it advertised. */
  static NodeAddress addressOf(NodeRecord record) {
    if (record == null || record.http().isEmpty() || record.rtmp().isEmpty()) {
      return null;
    }
    int httpColon = record.http().lastIndexOf(':');
    int rtmpColon = record.rtmp().lastIndexOf(':');
    return new NodeAddress(record.http().substring(0, httpColon),
        Integer.parseInt(record.http().substring(httpColon + 1)), Integer.parseInt(record.rtmp().substring(rtmpColon + 1)));
  }

  @Override
  public void claim(StreamKey key, OriginKind kind) {
    String channel = key.rtmpName();
    StreamClaim claim = ownClaims.take(channel, kind);
    if (claim == null) {
      return;
    }
    context.runOnContext(v -> {
      recompute();
      ownClaims.share(channel, claim);
      ownRecord.write();
    });
  }

  @Override
  public void release(StreamKey key) {
    String channel = key.rtmpName();
    if (!ownClaims.drop(channel)) {
      return;
    }
    context.runOnContext(v -> {
      recompute();
      ownClaims.unshare(channel);
      ownRecord.write();
    });
  }

  @Override
  public void advertise(NodeAddress address, boolean ready) {
    ownRecord.advertise(address, ready);
    context.runOnContext(v -> {
      recompute();
      ownRecord.write();
    });
  }

  @Override
  public Map<String, RecordingIntent> intents() {
    return computed.intents();
  }

  @Override
  public Future<Void> offerIntent(String channel, RecordingIntent intent) {
    return Future.<Boolean>future(p -> context.runOnContext(v -> state.putIntentIfNewer(channel, intent).onComplete(p)))
        .map(written -> {
          state.refresh(); // the entry listener asks too; this makes the read certain before the caller moves on
          return null;
        });
  }

  @Override
  public Future<Void> setDraining(boolean draining) {
    ownRecord.draining(draining);
    return Future.future(p -> context.runOnContext(v -> {
      LOG.info(draining ? "draining: this node's channels move to its peers" : "undrained: this node takes channels again");
      recompute();
      ownRecord.write().onComplete(p);
    }));
  }

  @Override
  public boolean draining() {
    return ownRecord.draining();
  }

  @Override
  public Future<Void> rebalance() {
    vertx.eventBus().publish(REBALANCE_ADDRESS, null);
    return Future.succeededFuture();
  }

  /** A rebalance: every member ready now is past its grace, so the rendezvous owner of each channel takes it. */
  private void settleAll() {
    context.runOnContext(v -> {
      if (closed) {
        return;
      }
      LOG.info("rebalance: every ready member takes the channels the rendezvous gives it");
      grace.settleAll();
      recompute();
      fire();
    });
  }

  @Override
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public int members() {
    return computed.liveCount();
  }

  @Override
  public SiteView site() {
    return view;
  }

  /** Where this node's record gets its relays, outbox and disk figures; read on every rewrite. */
  public void reportLoad(Supplier<Future<NodeLoad>> load) {
    ownRecord.reportLoad(load);
  }

  /**
   * Removes a decommissioned node's record and its leftover claims from the shared state; false, and nothing
   * removed, while it is live or a suspect (its record is still its own, or its death is not confirmed yet).
   */
  @Override
  public Future<Boolean> forget(String node) {
    return Future.<Boolean>future(p -> context.runOnContext(v -> {
      if (node.equals(self) || names(snapshot.members()).contains(node) || suspects.contains(node)) {
        p.complete(false);
        return;
      }
      LOG.info("forgetting node {}: its record and claims leave the shared state", node);
      state.removeNode(node).compose(x -> state.removeStreamsOf(node)).map(true).onComplete(p);
    }));
  }

  /**
   * Stops publishing: this node's claims leave {@code edge.streams} and its record says not ready, then the
   * listeners go. The record stays (peers mark it down); leaving the site is {@code vertx.close()}.
   */
  @Override
  public Future<Void> close() {
    return Future.<Void>future(p -> context.runOnContext(v -> {
      if (closed) {
        p.complete();
        return;
      }
      closed = true;
      ownRecord.stopRewriting();
      if (rebalances != null) {
        rebalances.unregister();
      }
      ownClaims.clear();
      ownRecord.notReady();
      state.removeStreamsOf(self).compose(x -> state.putNode(ownRecord.record())).eventually(state::close)
          .onComplete(p);
    }));
  }

  // ---- on context ----

  /** A fresh snapshot of the shared state: suspects, confirmations, then the view and the listeners. */
  private void apply(SiteState.Snapshot next) {
    if (closed) {
      return;
    }
    Set<String> before = names(snapshot.members());
    Set<String> now = names(next.members());
    suspects.update(before, now, snapshot.nodes());
    snapshot = next;
    ownRecord.rewriteIfHeldDown(next.nodes().get(self));
    grace.noteMembers(now);
    recompute();
    if (reassertAfterRead) {
      reassertAfterRead = false;
      reassertClaims();
    }
  }

  /** Rebuilds what {@link #originOf} reads and tells the listeners when origins may have moved. */
  private void recompute() {
    long nowMillis = clock.millis();
    Map<String, NodeRecord> records = new HashMap<>(snapshot.nodes());
    records.put(self, ownRecord.record());
    List<MemberState> members = new ArrayList<>();
    List<String> live = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SiteMember m : snapshot.members()) {
      if (seen.add(m.name())) { // a younger namesake refuses to start; until it leaves, the older one counts
        live.add(m.name());
        members.add(grace.member(m.name(), records.get(m.name()), nowMillis));
      }
    }
    if (seen.add(self)) { // before the first snapshot, or if Hazelcast's list lags: this node is live
      live.add(self);
      members.add(grace.member(self, records.get(self), nowMillis));
    }
    for (Map.Entry<String, NodeRecord> s : suspects.records().entrySet()) {
      if (seen.add(s.getKey())) { // its place and its claims stand until it is confirmed dead
        members.add(grace.member(s.getKey(), s.getValue(), nowMillis));
      }
    }
    Map<String, StreamClaim> claims = new HashMap<>();
    snapshot.streams().forEach((channel, claim) -> {
      if (!claim.node().equals(self)) {
        claims.put(channel, claim);
      }
    });
    claims.putAll(ownClaims.all());
    settleConflicts(claims, live, records, members);
    computed = new Computed(List.copyOf(members), Map.copyOf(records), Map.copyOf(claims), snapshot.intents(),
        live.size());
    view = new SiteView(self, live, suspects.names(), records, claims, suspects.takeovers());
    Object next = List.of(members.stream().map(m -> List.of(m.name(), m.weight(), m.mayOwn())).toList(), claims,
        snapshot.intents());
    if (!next.equals(fingerprint)) {
      fingerprint = next;
      fire();
    }
  }

  /**
   * Two live nodes running one channel's origin (a node that resumed after a pause or a split kept its pulls while
   * the site gave its channels to others; two takeovers raced): each prefers its own claim, so without this both
   * would pull for ever. The runners are the claim's node and every live member whose record lists the channel;
   * {@link OriginRule#contested} picks one, the same on every node once their records agree, and the others
   * become relays of it.
   */
  private void settleConflicts(Map<String, StreamClaim> claims, List<String> live, Map<String, NodeRecord> records,
      List<MemberState> members) {
    Map<String, Set<String>> runners = new HashMap<>();
    for (String name : live) {
      NodeRecord record = name.equals(self) ? null : records.get(name);
      if (record != null && record.downSince() == 0) {
        record.streams().forEach(channel -> runners.computeIfAbsent(channel, c -> new HashSet<>()).add(name));
      }
    }
    runners.forEach((channel, nodes) -> {
      StreamClaim claim = claims.get(channel);
      if (claim != null) {
        claims.put(channel, OriginRule.contested(channel, claim, nodes, members));
      }
    });
  }

  private void fire() {
    if (closed) {
      return;
    }
    listeners.tell();
  }

  /** After each record tick: claims the shared map lost are put back, and the state is read again. */
  private void afterRecordTick() {
    reassertClaims();
    state.refresh(); // a few KB, local: a view that missed an event (a merge, a lost listener) heals within a tick
  }

  /**
   * This member merged back into the site (a pause or a split ended): the merge kept the site's entries where both
   * sides had one, so this node's record may still say "down" and its claims may be gone. It writes its record again
   * and, on the next snapshot, re-claims only the channels the origin rule still gives it.
   */
  private void merged() {
    if (closed) {
      return;
    }
    ownRecord.rewriteAfterMerge();
    reassertAfterRead = true;
  }

  /** See {@link OwnClaims#reassert}: against the last snapshot and the view's settled claims. */
  private void reassertClaims() {
    if (closed) {
      return;
    }
    ownClaims.reassert(snapshot.streams(), computed.claims());
  }

  private static Set<String> names(List<SiteMember> members) {
    Set<String> out = new HashSet<>();
    members.forEach(m -> out.add(m.name()));
    return out;
  }
}
