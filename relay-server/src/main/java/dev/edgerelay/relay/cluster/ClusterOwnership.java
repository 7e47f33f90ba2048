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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * <p>A channel whose recording intent ({@code edge.recording}) is on counts as recorded in the rule: it follows the
 * rendezvous owner (with the join grace), not its viewers. With {@link Rebalance#MANUAL} a member that joins never
 * takes a live channel until {@link #rebalance()}; a draining node leaves the ready set.
 */
public final class ClusterOwnership implements Ownership {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterOwnership.class);
  /** This node's record is rewritten this often (when it changed) and on every change of its own. */
  static final long RECORD_INTERVAL_MILLIS = 3_000;
  /** A suspect that still answered its health check is probed again after this long. */
  static final long SUSPECT_RECHECK_MILLIS = 2_000;
  /**
   * With a manual rebalance a newcomer's grace never ends by itself (ten years); members settled before it
   * (seen ready since 0) are past any grace, and a rebalance settles every member.
   */
  static final long MANUAL_GRACE_MILLIS = 10L * 365 * 24 * 3600 * 1000;
  /** Every member hears a rebalance asked on any of them here (published, no reply). */
  static final String REBALANCE_ADDRESS = "edge.cluster.rebalance";

  /** What {@link #originOf} reads: published whole, never changed. */
  private record Computed(List<MemberState> members, Map<String, NodeRecord> records, Map<String, StreamClaim> claims,
      Map<String, RecordingIntent> intents, int liveCount) {
  }

  private record Listener(Runnable action, Context context) {
  }

  private final Vertx vertx;
  private final Context context;
  private final String self;
  private final ClusterOptions options;
  private final ConfigDigest config;
  private final String version;
  private final Clock clock;
  private final OriginRule rule;
  private final TakeoverGuard guard;
  private final SiteState state;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  /** Channels whose origin this node runs: its own truth, ahead of the shared map. */
  private final Map<String, StreamClaim> own = new ConcurrentHashMap<>();
  private volatile Computed computed = new Computed(List.of(), Map.of(), Map.of(), Map.of(), 1);
  private volatile SiteView view;
  private volatile NodeAddress address;
  private volatile boolean ready;
  private volatile boolean draining;
  private volatile long takeovers;
  private volatile Supplier<Future<NodeLoad>> load = () -> Future.succeededFuture(NodeLoad.UNKNOWN);

  // on context only
  private SiteState.Snapshot snapshot = new SiteState.Snapshot(List.of(), Map.of(), Map.of(), Map.of());
  private final Map<String, NodeRecord> suspects = new LinkedHashMap<>();
  /** When each suspect left the view: the "down since" its record gets once it is confirmed dead. */
  private final Map<String, Long> suspectSince = new HashMap<>();
  private final Set<String> confirmedDead = new HashSet<>();
  /** When this node first saw each member ready: the start of its join grace; 0 for members settled before us. */
  private final Map<String, Long> readySince = new HashMap<>();
  private boolean firstSnapshot = true;
  private Object fingerprint;
  private String lastWritten;
  private long recordTimer = -1;
  private NodeLoad lastLoad = NodeLoad.UNKNOWN;
  private boolean closed;
  /** After a merge: the next snapshot re-asserts this node's claims. */
  private boolean reassertAfterRead;
  private io.vertx.core.eventbus.MessageConsumer<Object> rebalances;

  private ClusterOwnership(Vertx vertx, HazelcastInstance hazelcast, ClusterOptions options, String self,
      ConfigDigest config, String version, TakeoverGuard guard, Clock clock) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.self = self;
    this.options = options;
    this.config = config;
    this.version = version;
    this.clock = clock;
    this.rule = new OriginRule(options.rebalance() == Rebalance.MANUAL ? MANUAL_GRACE_MILLIS : options.joinGraceMs());
    this.guard = guard;
    this.state = new SiteState(context, hazelcast, this::apply, this::merged);
    this.view = SiteView.alone(record());
  }

  /**
   * Joins the shared state as {@code self}: clears its claims from an earlier life, reads the site, writes its
   * record (not ready until {@link #advertise}) and rewrites it every {@value #RECORD_INTERVAL_MILLIS} ms.
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
        .compose(x -> writeRecord())
        .onSuccess(x -> rebalances = vertx.eventBus().consumer(REBALANCE_ADDRESS, m -> settleAll()))
        .onSuccess(x -> recordTimer = vertx.setPeriodic(RECORD_INTERVAL_MILLIS, t -> refreshRecord()))
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
      return new Origin(self, address, true);
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
    StreamClaim before = own.get(channel);
    if (before != null && before.kind() == kind) {
      return; // the same claim again: it keeps its since
    }
    StreamClaim claim = new StreamClaim(self, kind, clock.millis());
    own.put(channel, claim);
    context.runOnContext(v -> {
      recompute();
      state.putStream(channel, claim).onFailure(e -> LOG.warn("claiming {} in the shared state failed", channel, e));
      writeRecord();
    });
  }

  @Override
  public void release(StreamKey key) {
    String channel = key.rtmpName();
    if (own.remove(channel) == null) {
      return;
    }
    context.runOnContext(v -> {
      recompute();
      state.removeStream(channel, self).onFailure(e -> LOG.warn("releasing {} in the shared state failed", channel, e));
      writeRecord();
    });
  }

  @Override
  public void advertise(NodeAddress address, boolean ready) {
    this.address = address;
    this.ready = ready;
    context.runOnContext(v -> {
      recompute();
      writeRecord();
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
    this.draining = draining;
    return Future.future(p -> context.runOnContext(v -> {
      LOG.info(draining ? "draining: this node's channels move to its peers" : "undrained: this node takes channels again");
      recompute();
      writeRecord().onComplete(p);
    }));
  }

  @Override
  public boolean draining() {
    return draining;
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
      readySince.replaceAll((name, since) -> 0L);
      recompute();
      fire();
    });
  }

  @Override
  public void onChange(Runnable listener) {
    Context caller = Vertx.currentContext();
    listeners.add(new Listener(listener, caller != null ? caller : context));
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
    this.load = Objects.requireNonNull(load);
  }

  /**
   * Removes a decommissioned node's record and its leftover claims from the shared state; false, and nothing
   * removed, while it is live or a suspect (its record is still its own, or its death is not confirmed yet).
   */
  @Override
  public Future<Boolean> forget(String node) {
    return Future.<Boolean>future(p -> context.runOnContext(v -> {
      if (node.equals(self) || names(snapshot.members()).contains(node) || suspects.containsKey(node)) {
        p.complete(false);
        return;
      }
      confirmedDead.remove(node);
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
      vertx.cancelTimer(recordTimer);
      if (rebalances != null) {
        rebalances.unregister();
      }
      own.clear();
      ready = false;
      state.removeStreamsOf(self).compose(x -> state.putNode(record())).eventually(state::close).onComplete(p);
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
    for (String gone : before) {
      if (!now.contains(gone) && !gone.equals(self) && !suspects.containsKey(gone)) {
        NodeRecord last = snapshot.nodes().get(gone);
        suspects.put(gone, last);
        suspectSince.put(gone, clock.millis());
        LOG.info("node {} left the site's view; probing its health before its channels move", gone);
        probe(gone);
      }
    }
    for (String back : now) {
      suspects.remove(back);
      suspectSince.remove(back);
      confirmedDead.remove(back);
    }
    snapshot = next;
    NodeRecord mine = next.nodes().get(self);
    if (lastWritten != null && (mine == null || mine.downSince() != 0)) {
      // peers marked this node down while it was paused or cut off (or a merge kept their copy): it is back
      LOG.info("the site holds this node as {}; writing its record again", mine == null ? "absent" : "down");
      lastWritten = null;
      writeRecord();
    }
    if (firstSnapshot) { // members settled before this node came: no join grace for them
      firstSnapshot = false;
      for (String name : now) {
        if (!name.equals(self)) {
          readySince.put(name, 0L);
        }
      }
    }
    recompute();
    if (reassertAfterRead) {
      reassertAfterRead = false;
      reassertClaims();
    }
  }

  private void probe(String name) {
    NodeAddress where = addressOf(suspects.get(name));
    Future<Boolean> dead = where == null ? Future.succeededFuture(true) : guard.confirmDead(where);
    dead.onComplete(ar -> context.runOnContext(v -> {
      if (closed || !suspects.containsKey(name)) {
        return; // it came back meanwhile
      }
      if (ar.succeeded() && ar.result()) {
        NodeRecord last = suspects.remove(name);
        Long left = suspectSince.remove(name);
        long since = left == null ? clock.millis() : left;
        confirmedDead.add(name);
        takeovers++;
        LOG.info("node {} confirmed dead {} ms after it left the view; its channels move", name,
            clock.millis() - since);
        markDown(name, last, since);
        recompute();
      } else {
        vertx.setTimer(SUSPECT_RECHECK_MILLIS, t -> context.runOnContext(x -> {
          if (!closed && suspects.containsKey(name)) {
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
    List<SiteMember> members = snapshot.members();
    if (last != null && !members.isEmpty() && members.get(0).name().equals(self) && last.downSince() == 0) {
      state.putNode(last.down(since)).onFailure(e -> LOG.warn("marking {} down failed", name, e));
    }
  }

  /** Rebuilds what {@link #originOf} reads and tells the listeners when origins may have moved. */
  private void recompute() {
    long nowMillis = clock.millis();
    Map<String, NodeRecord> records = new HashMap<>(snapshot.nodes());
    records.put(self, record());
    List<MemberState> members = new ArrayList<>();
    List<String> live = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SiteMember m : snapshot.members()) {
      if (seen.add(m.name())) { // a younger namesake refuses to start; until it leaves, the older one counts
        live.add(m.name());
        members.add(state(m.name(), records.get(m.name()), nowMillis));
      }
    }
    if (seen.add(self)) { // before the first snapshot, or if Hazelcast's list lags: this node is live
      live.add(self);
      members.add(state(self, records.get(self), nowMillis));
    }
    for (Map.Entry<String, NodeRecord> s : suspects.entrySet()) {
      if (seen.add(s.getKey())) { // its place and its claims stand until it is confirmed dead
        members.add(state(s.getKey(), s.getValue(), nowMillis));
      }
    }
    Map<String, StreamClaim> claims = new HashMap<>();
    snapshot.streams().forEach((channel, claim) -> {
      if (!claim.node().equals(self)) {
        claims.put(channel, claim);
      }
    });
    claims.putAll(own);
    settleConflicts(claims, live, records, members);
    computed = new Computed(List.copyOf(members), Map.copyOf(records), Map.copyOf(claims), snapshot.intents(),
        live.size());
    view = new SiteView(self, live, suspects.keySet(), records, claims, takeovers);
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

  private MemberState state(String name, NodeRecord record, long nowMillis) {
    boolean isReady = record != null && record.ready() && record.downSince() == 0;
    if (!isReady) {
      readySince.remove(name);
    } else if (!readySince.containsKey(name)) {
      readySince.put(name, nowMillis);
      if (options.joinGraceMs() > 0 && options.rebalance() == Rebalance.AUTO) { // when its grace ends, origins may move to it with no event to say so
        vertx.setTimer(options.joinGraceMs() + 1, t -> context.runOnContext(v -> fire()));
      }
    }
    return new MemberState(name, record == null ? 0 : record.weight(), isReady,
        record != null && record.draining(), readySince.getOrDefault(name, nowMillis));
  }

  private void fire() {
    if (closed) {
      return;
    }
    for (Listener l : listeners) {
      l.context().runOnContext(v -> l.action().run());
    }
  }

  /** This node's record as it stands; load figures are the last read. */
  private NodeRecord record() {
    NodeAddress a = address;
    List<String> streams = own.keySet().stream().sorted().toList();
    return new NodeRecord(self, a == null ? "" : a.http(), a == null ? "" : a.rtmp(), options.nodeWeight(), ready,
        draining, version, config, streams, lastLoad, 0);
  }

  private void refreshRecord() {
    load.get().onComplete(ar -> context.runOnContext(v -> {
      if (ar.succeeded() && ar.result() != null) {
        lastLoad = ar.result();
      }
      writeRecord();
      reassertClaims();
      state.refresh(); // a few KB, local: a view that missed an event (a merge, a lost listener) heals within a tick
    }));
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
    LOG.info("merged back into the site: publishing this node's record and its claims again");
    lastWritten = null;
    writeRecord();
    reassertAfterRead = true;
  }

  /**
   * Puts again each claim of this node that the shared map lacks or names another node for, when the origin rule
   * (conflicts settled as in {@link OriginRule#contested}) gives the channel to this node; on the record timer and
   * after a merge, so two nodes that disagree converge without a write storm.
   */
  private void reassertClaims() {
    if (closed) {
      return;
    }
    own.forEach((channel, claim) -> {
      StreamClaim shared = snapshot.streams().get(channel);
      StreamClaim settled = computed.claims().get(channel);
      if ((shared == null || !shared.node().equals(self)) && settled != null && settled.node().equals(self)) {
        LOG.info("{}: the shared state names {} as its origin; claiming it again", channel,
            shared == null ? "no node" : shared.node());
        state.putStream(channel, claim).onFailure(e -> LOG.warn("claiming {} again failed", channel, e));
      }
    });
  }

  /** Writes this node's record when it changed since the last write. */
  private Future<Void> writeRecord() {
    if (closed) {
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

  private static Set<String> names(List<SiteMember> members) {
    Set<String> out = new HashSet<>();
    members.forEach(m -> out.add(m.name()));
    return out;
  }
}
