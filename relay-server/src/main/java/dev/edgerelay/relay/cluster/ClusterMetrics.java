package dev.edgerelay.relay.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The site's figures as this node counts them, on {@code /edge/metrics} (docs/architecture.md, "Cluster: metrics"):
 * members, failovers (members confirmed dead), takeover durations, relays both ways, claims, the stranded uploads of
 * each down node, and partial fan-outs.
 *
 * <p>Hooks for other parts: a fan-out over the members (VOD lists, pictures, {@code getonlinelist},
 * {@code getpushlist}) that answers without every member calls {@link #partialFanOut()} once per such answer; the
 * live path calls {@link #takeover(long)} when a channel taken over from a dead origin plays its first unit. Both
 * are cheap and safe from any thread. Samples before {@link #bind} are counted only by the fan-out counter.
 */
public final class ClusterMetrics {
  private final LongAdder partialFanOuts = new LongAdder();
  private volatile Timer takeovers;
  private volatile Ownership ownership;
  private volatile MultiGauge stranded;

  /** A fan-out answered without one or more members (their answers late or missing): the answer was partial. */
  public void partialFanOut() {
    partialFanOuts.increment();
  }

  /** Partial fan-outs counted since this node started. */
  public long partialFanOuts() {
    return partialFanOuts.sum();
  }

  /**
   * A channel whose origin died played its first unit here, {@code millis} after the site saw that origin leave
   * (its record's {@code down_since}): guard, pacing, play_address and connect together.
   */
  public void takeover(long millis) {
    Timer timer = takeovers;
    if (timer != null && millis >= 0) {
      timer.record(Duration.ofMillis(millis));
    }
  }

  /**
   * Registers the cluster's meters on {@code registry}, reading {@code ownership}'s view at each scrape.
   *
   * @param relaying channels this node relays from another node's origin now
   * @param relaysServed relay plays peers hold on this node's LAN RTMP now
   */
  public void bind(MeterRegistry registry, Ownership ownership, IntSupplier relaying, IntSupplier relaysServed) {
    this.ownership = ownership;
    Gauge.builder("edge_cluster_members", ownership, Ownership::members)
        .description("live members of the site this node sees, itself included").register(registry);
    FunctionCounter.builder("edge_cluster_takeovers_confirmed", ownership, o -> o.site().takeoversConfirmed())
        .description("failovers: members this node confirmed dead (their channels moved) since it started")
        .register(registry);
    Gauge.builder("edge_cluster_claims", ownership, o -> claimsOf(o.site()))
        .description("channels whose origin this node runs, as claimed in the shared state").register(registry);
    Gauge.builder("edge_cluster_relays", relaying, IntSupplier::getAsInt)
        .description("channels this node relays from another node's origin").strongReference(true)
        .register(registry);
    Gauge.builder("edge_cluster_relays_served", relaysServed, IntSupplier::getAsInt)
        .description("relay plays peer nodes hold on this node's LAN RTMP (channels it is the origin of)")
        .strongReference(true).register(registry); // the suppliers are lambdas only the gauges hold
    FunctionCounter.builder("edge_cluster_partial_fanouts", partialFanOuts, LongAdder::sum)
        .description("fan-outs over the members answered without every member").register(registry);
    takeovers = Timer.builder("edge_cluster_takeover")
        .description("from the site seeing a channel's origin leave to this node, its new origin, playing its first"
            + " unit").register(registry);
    stranded = MultiGauge.builder("edge_cluster_stranded_uploads")
        .description("uploads a down node's outbox held at its last record (pending, in flight, parked); 0 for"
            + " live nodes; one series per node the site has a record of").register(registry);
    refresh();
  }

  /**
   * Before each scrape: one stranded-uploads series per node in the site's records, so the series stay bounded by
   * the known nodes and a forgotten node's series goes.
   */
  public Future<Void> refresh() {
    Ownership o = ownership;
    MultiGauge gauge = stranded;
    if (o == null || gauge == null) {
      return Future.succeededFuture();
    }
    SiteView view = o.site();
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    view.records().forEach((name, record) -> rows.add(MultiGauge.Row.of(Tags.of("node", name),
        view.isDown(name) ? record.load().outboxHeld() : 0)));
    gauge.register(rows, true);
    return Future.succeededFuture();
  }

  private static long claimsOf(SiteView view) {
    return view.claims().values().stream().filter(c -> c.node().equals(view.self())).count();
  }
}
