package dev.edgerelay.relay;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.edgerelay.cluster.ClusterSettings;
import dev.edgerelay.cluster.HazelcastConfigLookup;
import dev.edgerelay.cluster.HazelcastProfile;
import dev.edgerelay.cluster.LoadedConfig;
import dev.edgerelay.relay.cluster.ClusterJoin;
import dev.edgerelay.relay.cluster.ClusterOptions;
import dev.edgerelay.relay.cluster.NodeLoad;
import dev.edgerelay.relay.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clustered {@link Vertx} for {@code --cluster} (docs/architecture.md, "Cluster"): the Hazelcast file found by
 * {@link HazelcastConfigLookup}, the options over it, the node's name as a member attribute; then the refusal to
 * run beside an older member of the same name, which leaves the site cleanly before it fails.
 */
final class ClusteredStart {
  private static final Logger LOG = LoggerFactory.getLogger(ClusteredStart.class);

  /** A clustered Vert.x and the Hazelcast instance under it. */
  record Joined(Vertx vertx, HazelcastInstance hazelcast, String configSource) {
  }

  /** Another member of the site already carries this node's name. */
  static final class DuplicateNameException extends IllegalStateException {
    DuplicateNameException(String message) {
      super(message);
    }
  }

  private ClusteredStart() {}

  /**
   * Joins the site as {@code nodeName}. Fails with {@link DuplicateNameException} after leaving when an older
   * member carries the same name, or with an IllegalArgumentException when the Hazelcast file is missing or broken.
   * The clustered Vert.x runs {@code eventLoops} event loops.
   */
  static Future<Joined> join(ClusterOptions options, String nodeName, int eventLoops) {
    LoadedConfig loaded;
    try {
      loaded = HazelcastConfigLookup.fromProcess().load(options.config(),
          options.join() == ClusterJoin.MULTICAST ? HazelcastProfile.MULTICAST : HazelcastProfile.TCP);
      new ClusterSettings(options.name(), options.host(), options.port(), options.memberList(),
          options.heartbeatTimeoutMs(), nodeName).applyTo(loaded.config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(loaded.config());
    EventBusOptions bus = new EventBusOptions().setPort(options.busPort());
    if (!options.host().isBlank()) {
      bus.setHost(options.host());
    }
    LOG.info("joining site {} as {} with the Hazelcast configuration of {}", options.name(), nodeName, loaded.source());
    CompletableFuture<Joined> joined = new CompletableFuture<>();
    VertxOptions vertxOptions = EdgeRelayMain.vertxOptions(eventLoops).setEventBusOptions(bus);
    NodeMetrics.vertxBuilder(vertxOptions).withClusterManager(manager).buildClustered()
        .onFailure(joined::completeExceptionally)
        .onSuccess(vertx -> {
          HazelcastInstance hazelcast = manager.getHazelcastInstance();
          vertx.executeBlocking(() -> olderNamesake(hazelcast, nodeName), false).onComplete(namesake -> {
            if (namesake.succeeded() && namesake.result().isEmpty()) {
              joined.complete(new Joined(vertx, hazelcast, loaded.source()));
              return;
            }
            RuntimeException refusal = namesake.failed() ? new IllegalStateException(namesake.cause())
                : new DuplicateNameException("another member of site " + options.name() + " ("
                    + namesake.result().get() + ") already runs as node '" + nodeName + "': give this node its own"
                    + " --node-name, or delete " + NodeName.FILE + " in its data directory if it was copied from another"
                    + " node");
            // closed from outside Vert.x: a close asked on its own context would complete on an event loop it stops
            CompletableFuture.supplyAsync(() -> vertx.close().toCompletionStage()).thenCompose(closed -> closed)
                .whenComplete((v, e) -> joined.completeExceptionally(refusal));
          });
        });
    return Future.fromCompletionStage(joined);
  }

  /**
   * The figures of {@code node}'s record: the channels it relays, its outbox and its recordings' disk (read on the
   * recorder's workers). A dead node's last figures are what survivors show as its stranded uploads.
   */
  static Future<NodeLoad> load(EdgeNode node) {
    List<String> relays = node.relaying();
    if (node.uploads() == null || node.recorder() == null) {
      return Future.succeededFuture(new NodeLoad(relays, 0, 0, 0, 0, 0, 0));
    }
    return node.uploads().stats().compose(outbox -> node.recorder().blocking(() -> new NodeLoad(relays,
        outbox.pending(), outbox.inFlight(), outbox.parked(), outbox.oldestPendingAtMillis(),
        node.recorder().catalog().usedBytes(), node.recorder().catalog().freeBytes())));
  }

  /**
   * The address of a member that joined before this one and carries {@code name}, if any. Only the younger of two
   * namesakes refuses: the older one keeps running and its channels stay put.
   */
  static Optional<String> olderNamesake(HazelcastInstance hazelcast, String name) {
    for (Member member : hazelcast.getCluster().getMembers()) { // oldest first
      if (member.localMember()) {
        return Optional.empty();
      }
      if (name.equals(member.getAttribute(ClusterSettings.NODE_NAME_ATTRIBUTE))) {
        return Optional.of(member.getAddress().toString());
      }
    }
    return Optional.empty();
  }
}
