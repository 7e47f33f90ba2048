package dev.edgerelay.relay.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.edgerelay.cluster.ClusterSettings;
import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.cluster.ownership.StreamClaim;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's shared state in Hazelcast (docs/architecture.md, "Cluster"): the replicated maps {@value #NODES},
 * {@value #STREAMS} and {@value #RECORDING} (JSON text) and the member list. Every Hazelcast call runs on a worker,
 * never on an event loop: the writes in order on {@code context}'s ordered queue; listeners only note that something
 * changed and hop to {@code context}, which re-reads the whole state (a few KB, local to every member) on a worker,
 * one read at a time, and hands it to the consumer on {@code context}. So the consumer always sees a consistent,
 * current snapshot, never an event out of order.
 *
 * <p>A read never waits behind a write. A replicated map's put or remove waits for the answer of its key's partition
 * owner; a frozen owner (SIGSTOP, a stalled machine) gives none until the heartbeat drops it, and the invocation
 * then retries on the new owner. A read queued behind such a write would hold back this node's view of the very
 * member list that drops the frozen one (docs/architecture.md, "Cluster").
 */
final class SiteState {
  private static final Logger LOG = LoggerFactory.getLogger(SiteState.class);
  /** Node name to {@link NodeRecord} JSON. */
  static final String NODES = "edge.nodes";
  /** Channel {@code dev-ch} to {@link StreamClaim} JSON. */
  static final String STREAMS = "edge.streams";
  /** Channel {@code dev-ch} to {@link RecordingIntent} JSON. */
  static final String RECORDING = "edge.recording";

  /** One read of the whole shared state. */
  record Snapshot(List<SiteMember> members, Map<String, NodeRecord> nodes, Map<String, StreamClaim> streams,
      Map<String, RecordingIntent> intents) {
  }

  private final Context context;
  private final HazelcastInstance hazelcast;
  private final Consumer<Snapshot> consumer;
  private final Runnable merged;
  private ReplicatedMap<String, String> nodes;
  private ReplicatedMap<String, String> streams;
  private ReplicatedMap<String, String> recording;
  private final List<UUID> listeners = new ArrayList<>();
  private UUID membershipListener;
  private UUID lifecycleListener;
  /**
   * Between Hazelcast's MERGING and MERGED (a member cut off, by a pause or a split, joining the site again) the
   * maps are being emptied and refilled: a snapshot read then would show peers without records and claims.
   */
  private volatile boolean merging;
  /** On {@code context}: a re-read runs; another was asked for while it ran. */
  private boolean reading;
  private boolean readAgain;
  private volatile boolean closed;

  /** {@code merged}: run on {@code context} after this member merged back into the site, before the re-read. */
  SiteState(Context context, HazelcastInstance hazelcast, Consumer<Snapshot> consumer, Runnable merged) {
    this.context = context;
    this.hazelcast = hazelcast;
    this.consumer = consumer;
    this.merged = merged;
  }

  /** Registers the listeners and reads the state once; completes on {@code context} after the first snapshot. */
  Future<Void> start() {
    return blocking(() -> {
      nodes = hazelcast.getReplicatedMap(NODES);
      streams = hazelcast.getReplicatedMap(STREAMS);
      recording = hazelcast.getReplicatedMap(RECORDING);
      Changed changed = new Changed();
      listenToMaps(changed);
      membershipListener = hazelcast.getCluster().addMembershipListener(changed);
      lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(changed);
      return read();
    }).map(snapshot -> {
      consumer.accept(snapshot);
      return null;
    });
  }

  private void listenToMaps(Changed changed) {
    listeners.add(nodes.addEntryListener(changed));
    listeners.add(streams.addEntryListener(changed));
    listeners.add(recording.addEntryListener(changed));
  }

  /**
   * After a merge the entry listeners are registered again (the merge restarts this member's services; a
   * listener lost there would leave the view frozen at the merge), the owner re-publishes, then a re-read.
   */
  private void afterMerge(Changed changed) {
    context.runOnContext(v -> {
      if (closed) {
        return;
      }
      blocking(() -> {
        nodes.removeEntryListener(listeners.get(0));
        streams.removeEntryListener(listeners.get(1));
        recording.removeEntryListener(listeners.get(2));
        listeners.clear();
        listenToMaps(changed);
        return null;
      }).onFailure(e -> LOG.warn("listening to the site's maps again after a merge failed", e))
          .onComplete(ar -> {
            merged.run();
            refresh();
          });
    });
  }

  /** Asks for a fresh snapshot; from any thread. */
  void refresh() {
    context.runOnContext(v -> {
      if (closed || merging) {
        return; // MERGED asks again
      }
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      context.executeBlocking(this::read, false).onComplete(ar -> {
        reading = false;
        if (ar.succeeded() && !closed && !merging) {
          consumer.accept(ar.result());
        } else if (ar.failed() && !closed) {
          LOG.warn("reading the site's state failed", ar.cause());
        }
        if (readAgain) {
          readAgain = false;
          refresh();
        }
      });
    });
  }

  private Snapshot read() {
    List<SiteMember> members = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) { // oldest first
      String name = member.getAttribute(ClusterSettings.NODE_NAME_ATTRIBUTE);
      if (name != null && !member.isLiteMember()) {
        members.add(new SiteMember(name, member.getUuid().toString(), member.localMember()));
      }
    }
    Map<String, NodeRecord> nodeRecords = new HashMap<>();
    nodes.forEach((name, json) -> decode(name, json, NodeRecord::decode, nodeRecords));
    Map<String, StreamClaim> claims = new HashMap<>();
    streams.forEach((channel, json) -> decode(channel, json, SiteState::decodeClaim, claims));
    Map<String, RecordingIntent> intents = new HashMap<>();
    recording.forEach((channel, json) -> decode(channel, json, RecordingIntent::decode, intents));
    return new Snapshot(List.copyOf(members), Map.copyOf(nodeRecords), Map.copyOf(claims), Map.copyOf(intents));
  }

  /** A value a node of another version wrote that this one cannot read is skipped and logged, not fatal. */
  private static <T> void decode(String key, String json, java.util.function.Function<String, T> decoder,
      Map<String, T> into) {
    try {
      into.put(key, decoder.apply(json));
    } catch (RuntimeException e) {
      LOG.warn("skipping unreadable shared entry {}: {}", key, e.getMessage());
    }
  }

  /** A claim as {@value #STREAMS} holds it: {@code {"node": "box-1", "kind": "pull", "since": 1733150000000}}. */
  static String encodeClaim(StreamClaim claim) {
    return new JsonObject().put("node", claim.node()).put("kind", claim.kind().name().toLowerCase(Locale.ROOT))
        .put("since", claim.sinceMillis()).encode();
  }

  static StreamClaim decodeClaim(String text) {
    JsonObject json = new JsonObject(text);
    return new StreamClaim(json.getString("node", ""),
        OriginKind.valueOf(json.getString("kind", "pull").toUpperCase(Locale.ROOT)), json.getLong("since", 0L));
  }

  Future<Void> putNode(NodeRecord record) {
    return blocking(() -> nodes.put(record.name(), record.encode())).mapEmpty();
  }

  /** Removes {@code node}'s record: an operator forgot a decommissioned node. */
  Future<Void> removeNode(String node) {
    return blocking(() -> nodes.remove(node)).mapEmpty();
  }

  Future<Void> putStream(String channel, StreamClaim claim) {
    return blocking(() -> streams.put(channel, encodeClaim(claim))).mapEmpty();
  }

  /**
   * Writes {@code channel}'s intent unless the map holds a newer one (last writer wins); a replicated map has no
   * compare-and-set, so two nodes writing at once may each win on some member for a moment: every node re-offers
   * its mirror where it is newer, so they converge on the newest.
   */
  Future<Boolean> putIntentIfNewer(String channel, RecordingIntent intent) {
    return blocking(() -> {
      String json = recording.get(channel);
      RecordingIntent current = json == null ? null : RecordingIntent.decode(json);
      if (!intent.newerThan(current)) {
        return false;
      }
      recording.put(channel, intent.encode());
      return true;
    });
  }

  /** Removes {@code channel}'s claim if {@code node} still holds it (another node may have taken it since). */
  Future<Void> removeStream(String channel, String node) {
    return blocking(() -> {
      String json = streams.get(channel);
      if (json != null && decodeClaim(json).node().equals(node)) {
        streams.remove(channel);
      }
      return null;
    });
  }

  /** Removes every claim {@code node} holds: its claims from an earlier life, at its start. */
  Future<Void> removeStreamsOf(String node) {
    return blocking(() -> {
      for (Map.Entry<String, String> e : streams.entrySet()) {
        if (decodeClaim(e.getValue()).node().equals(node)) {
          streams.remove(e.getKey());
        }
      }
      return null;
    });
  }

  /** Stops listening; the maps and this node's entries stay (its record is kept after it leaves). */
  Future<Void> close() {
    closed = true;
    return blocking(() -> {
      if (nodes != null && hazelcast.getLifecycleService().isRunning()) {
        nodes.removeEntryListener(listeners.get(0));
        streams.removeEntryListener(listeners.get(1));
        recording.removeEntryListener(listeners.get(2));
        hazelcast.getCluster().removeMembershipListener(membershipListener);
        hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
      }
      return null;
    });
  }

  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    // ordered: a claim and the release after it reach the map in that order
    return context.executeBlocking(work, true);
  }

  /** Hazelcast's callbacks: note the change and return at once; the re-read runs on a worker. */
  private final class Changed extends EntryAdapter<String, String> implements MembershipListener, LifecycleListener {
    @Override
    public void onEntryEvent(EntryEvent<String, String> event) {
      refresh();
    }

    @Override
    public void onMapEvent(MapEvent event) {
      refresh();
    }

    @Override
    public void memberAdded(MembershipEvent event) {
      refresh();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      refresh();
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
        LOG.info("merging back into the site after a split or a pause; the view waits for the merge");
        merging = true;
      } else if (event.getState() == LifecycleEvent.LifecycleState.MERGED
          || event.getState() == LifecycleEvent.LifecycleState.MERGE_FAILED) {
        LOG.info("merge ended ({}): re-reading the site and publishing this node again", event.getState());
        merging = false;
        afterMerge(this);
      }
    }
  }
}
