package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.cluster.ownership.StreamClaim;
import dev.edgerelay.relay.http.ApiEnvelope;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
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
 * routes: {@code GET /edge/cluster} (members with their {@code edge.nodes} records, down nodes with the uploads
 * they stranded, conflicts, config digests and the sections that differ), {@code GET /edge/cluster/channels} (per
 * channel: rendezvous owner, origin, what feeds it, since when) and {@code POST /edge/cluster/forget?node=} (a
 * decommissioned node that is down leaves the records). A node without {@code --cluster} answers for a one-member
 * site.
 */
public final class ClusterRoutes {
  private final Ownership ownership;
  private final EdgeAuth auth;
  private final Supplier<Collection<String>> runningHere;
  private final Clock clock;

  /** @param runningHere channels ({@code dev-ch}) with a stream on this node now */
  public ClusterRoutes(Ownership ownership, EdgeAuth auth, Supplier<Collection<String>> runningHere, Clock clock) {
    this.ownership = ownership;
    this.auth = auth;
    this.runningHere = runningHere;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/edge/cluster").handler(this::site);
    router.get("/edge/cluster/channels").handler(this::channels);
    router.post("/edge/cluster/forget").handler(this::forget);
  }

  private void site(RoutingContext ctx) {
    auth.master(ctx);
    ApiEnvelope.sendOk(ctx.response(), siteJson(ownership.site(), clock.millis()));
  }

  static JsonObject siteJson(SiteView view, long nowMillis) {
    NodeRecord selfRecord = view.records().get(view.self());
    ConfigDigest selfConfig = selfRecord == null ? ConfigDigest.of("") : selfRecord.config();
    JsonArray members = new JsonArray();
    for (String name : view.live()) {
      members.add(member(view, name, selfConfig, nowMillis).put("state", "up"));
    }
    for (String name : new TreeSet<>(view.suspects())) {
      members.add(member(view, name, selfConfig, nowMillis).put("state", "suspect"));
    }
    JsonArray down = new JsonArray();
    long stranded = 0;
    for (NodeRecord record : new TreeMap<>(view.records()).values()) {
      if (view.isDown(record.name())) {
        // its outbox stays on its disk and resumes when it restarts: until then its last figures stand
        stranded += record.load().outboxHeld();
        down.add(withOldestAge(record.toJson(), record, nowMillis).put("state", "down")
            .put("stranded_uploads", record.load().outboxHeld()));
      }
    }
    return new JsonObject().put("self", view.self()).put("members", members).put("down", down)
        .put("stranded_uploads", stranded).put("conflicts", conflicts(view))
        .put("takeovers_confirmed", view.takeoversConfirmed());
  }

  private static JsonObject member(SiteView view, String name, ConfigDigest selfConfig, long nowMillis) {
    NodeRecord record = view.records().get(name);
    JsonObject json = record == null ? new JsonObject().put("name", name)
        : withOldestAge(record.toJson(), record, nowMillis);
    List<String> differing = record == null ? List.of() : record.config().differingSections(selfConfig);
    return json.put("self", name.equals(view.self())).put("config_differs", !differing.isEmpty())
        .put("config_differs_in", new JsonArray(differing));
  }

  /** The age of the oldest pending upload now, from when it was queued: a dead node's keeps growing. */
  private static JsonObject withOldestAge(JsonObject json, NodeRecord record, long nowMillis) {
    long oldest = record.load().outboxOldestMillis();
    return json.put("outbox_oldest_age_ms", oldest == 0 ? 0 : Math.max(0, nowMillis - oldest));
  }

  /**
   * Forgets a decommissioned node: only one that is down (its death confirmed); a live or suspect node, this one
   * included, is refused with its own errno, and so is a name the site has no record of.
   */
  private void forget(RoutingContext ctx) {
    auth.master(ctx);
    String node = ctx.request().getParam("node");
    if (node == null || node.isBlank()) {
      throw ApiError.missing("node").exception();
    }
    SiteView view = ownership.site();
    if (!view.isDown(node)) {
      throw refusal(view, node).exception();
    }
    long stranded = view.records().get(node).load().outboxHeld();
    ownership.forget(node).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        ApiEnvelope.sendOk(ctx.response(), new JsonObject().put("forgotten", node).put("stranded_uploads", stranded));
      } else if (ar.succeeded()) {
        ApiEnvelope.sendError(ctx.response(), new ApiError(200, EdgeErrno.NODE_LIVE, "node " + node
            + " came back while it was being forgotten: only a node that is down can be forgotten"));
      } else {
        ApiEnvelope.sendError(ctx.response(), ApiError.internal("forgetting node " + node + " failed: "
            + ApiError.causeText(ar.cause())));
      }
    });
  }

  /** Why {@code node}, not down, cannot be forgotten: it is live or a suspect, or the site never knew it. */
  private static ApiError refusal(SiteView view, String node) {
    if (view.suspects().contains(node)) {
      return new ApiError(200, EdgeErrno.NODE_LIVE, "node " + node + " left the site's view but is not confirmed"
          + " dead yet: only a node that is down can be forgotten; try again in a few seconds");
    }
    if (view.live().contains(node) || view.records().containsKey(node)) {
      return new ApiError(200, EdgeErrno.NODE_LIVE, "node " + node + " is a live member of the site: only a node"
          + " that is down can be forgotten; stop it first (its outbox resumes if it comes back)");
    }
    return new ApiError(200, EdgeErrno.NODE_UNKNOWN, "the site has no record of a node named " + node
        + ": GET /edge/cluster lists the nodes it knows");
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
