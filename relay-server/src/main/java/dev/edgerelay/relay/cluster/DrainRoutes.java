package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.http.ApiEnvelope;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.RouteAnswer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Planned moves of a site's channels (docs/architecture.md, "Cluster: recording"), master key only:
 * {@code POST /edge/cluster/drain?node=} and {@code undrain} set a node's draining flag (it leaves the ready set, so
 * its channels move to the others, and it takes them back when undrained), {@code POST /edge/cluster/rebalance} lets
 * every ready member take the channels the rendezvous gives it now (needed with {@code --cluster-rebalance manual}).
 * Only a node writes its own record, so a drain of another node is sent to it over the event bus at
 * {@code edge.node.{name}.drain}. Without {@code node} the node asked drains itself.
 */
public final class DrainRoutes {
  private final Vertx vertx;
  private final Ownership ownership;
  private final EdgeAuth auth;
  private final long timeoutMillis;
  private MessageConsumer<JsonObject> consumer;

  /** @param timeoutMillis how long a drain sent to another node waits for its answer */
  public DrainRoutes(Vertx vertx, Ownership ownership, EdgeAuth auth, long timeoutMillis) {
    this.vertx = vertx;
    this.ownership = ownership;
    this.auth = auth;
    this.timeoutMillis = timeoutMillis;
  }

  /** Where node {@code name} takes drain and undrain requests. */
  public static String address(String name) {
    return "edge.node." + name + ".drain";
  }

  public void mount(Router router) {
    router.post("/edge/cluster/drain").handler(ctx -> drain(ctx, true));
    router.post("/edge/cluster/undrain").handler(ctx -> drain(ctx, false));
    router.post("/edge/cluster/rebalance").handler(this::rebalance);
  }

  /** Takes drain requests from the other nodes; call once. */
  public void serve() {
    consumer = vertx.eventBus().consumer(address(ownership.selfName()), message -> ownership
        .setDraining(message.body().getBoolean("draining", false))
        .onSuccess(v -> message.reply(new JsonObject().put("draining", ownership.draining())))
        .onFailure(e -> message.fail(503, e.getMessage())));
  }

  private void drain(RoutingContext ctx, boolean draining) {
    auth.master(ctx);
    String node = ctx.request().getParam("node", ownership.selfName());
    Future<Void> done = node.equals(ownership.selfName()) ? ownership.setDraining(draining)
        : vertx.eventBus().<JsonObject>request(address(node), new JsonObject().put("draining", draining),
            new DeliveryOptions().setSendTimeout(timeoutMillis)).mapEmpty();
    done.onComplete(RouteAnswer.with(ctx,
        failure -> new ApiError(503, EdgeErrno.ORIGIN_UNREACHABLE, "node " + node + " did not take the "
            + (draining ? "drain" : "undrain") + " (" + failure.getMessage() + "): check that it is a live member")
            .exception(),
        v -> ApiEnvelope.sendOk(ctx.response(), new JsonObject().put("node", node).put("draining", draining))));
  }

  private void rebalance(RoutingContext ctx) {
    auth.master(ctx);
    ownership.rebalance().onComplete(RouteAnswer.with(ctx,
        v -> ApiEnvelope.sendOk(ctx.response(), new JsonObject().put("rebalance", "asked"))));
  }

  public Future<Void> close() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
