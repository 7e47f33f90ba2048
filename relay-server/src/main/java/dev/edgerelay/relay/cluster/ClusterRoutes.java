package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.cluster.ownership.StreamClaim;
import dev.edgerelay.relay.http.ApiEnvelope;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.hub.StreamKey;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The site as this node sees it (docs/architecture.md, "Cluster"), master key only like the other {@code /edge}
 * routes: {@code GET /edge/cluster} (members with their {@code edge.nodes} records, down nodes, conflicts, config
 * digests) and {@code GET /edge/cluster/channels} (per channel: rendezvous owner, origin, what feeds it, since when).
 * A node without {@code --cluster} answers for a one-member site. Also the cluster's gauges on {@code /edge/metrics}.
 */
public final class ClusterRoutes {
  private final Ownership ownership;
  private final EdgeAuth auth;
  private final Supplier<Collection<String>> runningHere;

  /** @param runningHere channels ({@code dev-ch}) with a stream on this node now */
  public ClusterRoutes(Ownership ownership, EdgeAuth auth, Supplier<Collection<String>> runningHere) {
    this.ownership = ownership;
    this.auth = auth;
    this.runningHere = runningHere;
  }

  public void mount(Router router) {
    router.get("/edge/cluster").handler(this::site);
    router.get("/edge/cluster/channels").handler(this::channels);
  }

  /** Members, takeovers confirmed and channels this node claims, as gauges on {@code registry}. */
  public void exposeMetrics(MeterRegistry registry) {
    Gauge.builder("edge_cluster_members", ownership, Ownership::members)
        .description("live members of the site this node sees, itself included").register(registry);
    FunctionCounter.builder("edge_cluster_takeovers_confirmed", ownership, o -> o.site().takeoversConfirmed())
        .description("members this node confirmed dead (their channels moved) since it started").register(registry);
    Gauge.builder("edge_cluster_claims", ownership, o -> claimsOf(o.site()))
        .description("channels whose origin this node runs, as claimed in the shared state").register(registry);
  }

  private static long claimsOf(SiteView view) {
    return view.claims().values().stream().filter(c -> c.node().equals(view.self())).count();
  }

  private void site(RoutingContext ctx) {
    auth.master(ctx);
    ApiEnvelope.sendOk(ctx.response(), siteJson(ownership.site()));
  }

  static JsonObject siteJson(SiteView view) {
    NodeRecord selfRecord = view.records().get(view.self());
    String selfHash = selfRecord == null ? "" : selfRecord.configHash();
    JsonArray members = new JsonArray();
    for (String name : view.live()) {
      members.add(member(view, name, selfHash).put("state", "up"));
    }
    for (String name : new TreeSet<>(view.suspects())) {
      members.add(member(view, name, selfHash).put("state", "suspect"));
    }
    JsonArray down = new JsonArray();
    new TreeMap<>(view.records()).forEach((name, record) -> {
      if (!view.live().contains(name) && !view.suspects().contains(name)) {
        down.add(record.toJson().put("state", "down"));
      }
    });
    return new JsonObject().put("self", view.self()).put("members", members).put("down", down)
        .put("conflicts", conflicts(view)).put("takeovers_confirmed", view.takeoversConfirmed());
  }

  private static JsonObject member(SiteView view, String name, String selfHash) {
    NodeRecord record = view.records().get(name);
    JsonObject json = record == null ? new JsonObject().put("name", name) : record.toJson();
    String hash = record == null ? "" : record.configHash();
    return json.put("self", name.equals(view.self()))
        .put("config_differs", !hash.isEmpty() && !selfHash.isEmpty() && !hash.equals(selfHash));
  }

  /** Channels two live nodes both say they run (each record lists its streams): duplicates made visible. */
  private static JsonArray conflicts(SiteView view) {
    Map<String, List<String>> runners = new TreeMap<>();
    for (String name : view.live()) {
      NodeRecord record = view.records().get(name);
      if (record != null) {
        record.streams().forEach(channel -> runners.computeIfAbsent(channel, c -> new ArrayList<>()).add(name));
      }
    }
    JsonArray out = new JsonArray();
    runners.forEach((channel, nodes) -> {
      if (nodes.size() > 1) {
        out.add(new JsonObject().put("channel", channel).put("nodes", new JsonArray(nodes)));
      }
    });
    return out;
  }

  private void channels(RoutingContext ctx) {
    auth.master(ctx);
    SiteView view = ownership.site();
    TreeSet<String> channels = new TreeSet<>(view.claims().keySet());
    channels.addAll(runningHere.get());
    JsonArray out = new JsonArray();
    for (String channel : channels) {
      StreamKey key = StreamKey.parseDashed(channel);
      if (key == null) {
        continue; // a name no channel has: nothing to route
      }
      Origin origin = ownership.originOf(key);
      StreamClaim claim = view.claims().get(channel);
      JsonObject json = new JsonObject().put("channel", channel).put("hrw_owner", view.hrwOwner(channel))
          .put("origin", origin.node()).put("origin_is_self", origin.local());
      if (claim != null) {
        json.put("kind", claim.kind().name().toLowerCase(Locale.ROOT)).put("claimed_by", claim.node())
            .put("since", Instant.ofEpochMilli(claim.sinceMillis()).toString());
      }
      out.add(json);
    }
    ApiEnvelope.sendOk(ctx.response(), new JsonObject().put("self", view.self()).put("channels", out));
  }
}
