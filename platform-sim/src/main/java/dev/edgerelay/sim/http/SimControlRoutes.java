package dev.edgerelay.sim.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The emulator's own control routes under {@code /sim/} (not part of the platform API, no key): faults, expiring
 * every token, counting and dropping RTMP players, stalling their media with the connections left open, taking a device offline or online, and letting a device transmit a message (spec 9's source).
 */
final class SimControlRoutes {
  /** A simulated device message is at most this long. */
  static final int MAX_MESSAGE_BYTES = 1024;
  /** The longest timed stall: an hour; longer ones are stalls until {@code DELETE /sim/rtmp/stall}. */
  static final long MAX_STALL_MS = 3_600_000;

  private final SimContext sim;
  private final FaultInjector faults;

  SimControlRoutes(SimContext sim, FaultInjector faults) {
    this.sim = sim;
    this.faults = faults;
  }

  void mount(Router router) {
    router.route(HttpMethod.POST, "/sim/faults").handler(Envelope.body(Envelope.JSON_BODY_LIMIT)).handler(this::addFault);
    router.route(HttpMethod.DELETE, "/sim/faults").handler(ctx -> {
      faults.clear();
      Envelope.ok(ctx);
    });
    router.route(HttpMethod.GET, "/sim/faults").handler(ctx -> Envelope.ok(ctx, "data", faults.toJson()));
    router.route(HttpMethod.POST, "/sim/tokens/expire").handler(ctx ->
        Envelope.ok(ctx, "data", new JsonObject().put("expired", sim.state().expireAllTokens())));
    router.route(HttpMethod.POST, "/sim/rtmp/drop").handler(this::dropPlayers);
    router.route(HttpMethod.GET, "/sim/rtmp/players").handler(this::players);
    router.route(HttpMethod.POST, "/sim/rtmp/stall").handler(this::stall);
    router.route(HttpMethod.DELETE, "/sim/rtmp/stall").handler(ctx ->
        Envelope.ok(ctx, "data", new JsonObject().put("lifted", sim.staller().lift())));
    router.route(HttpMethod.POST, "/sim/devices/:id/online").handler(ctx -> setOnline(ctx, true));
    router.route(HttpMethod.POST, "/sim/devices/:id/offline").handler(ctx -> setOnline(ctx, false));
    router.route(HttpMethod.POST, "/sim/devices/:id/messages").handler(Envelope.body(MAX_MESSAGE_BYTES))
        .handler(this::addMessage);
  }

  private void addFault(RoutingContext ctx) {
    if (!faults.add(FaultInjector.Fault.fromJson(Params.of(ctx).jsonBody()))) {
      throw new ApiException(SimError.LIMIT_REACHED, "At most " + FaultInjector.MAX_FAULTS + " faults: DELETE /sim/faults");
    }
    Envelope.ok(ctx, "data", faults.toJson());
  }

  /** Closes RTMP player connections: all, a device's ({@code device_id}) or one channel's (and {@code channel_id}). */
  private void dropPlayers(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String deviceId = params.optional("device_id");
    Integer channelId = deviceId == null || params.optional("channel_id") == null ? null
        : params.requiredInt(0, SimContext.MAX_CHANNEL_ID, "channel_id");
    int dropped = sim.players().drop(deviceId, channelId);
    Envelope.ok(ctx, "data", new JsonObject().put("dropped", dropped));
  }

  /** Per stream name that ever had a player: {@code {"playing":n,"admitted":n}}, the upstream pulls of a site. */
  private void players(RoutingContext ctx) {
    JsonObject data = new JsonObject();
    sim.plays().plays().forEach((name, p) ->
        data.put(name, new JsonObject().put("playing", p.playing()).put("admitted", p.admitted())));
    Envelope.ok(ctx, "data", data);
  }

  /**
   * Withholds media of a channel ({@code device_id} and {@code channel_id}), a device or every stream, for
   * {@code duration_ms} or until {@code DELETE /sim/rtmp/stall}; player connections stay open.
   */
  private void stall(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String deviceId = params.optional("device_id");
    Integer channelId = deviceId == null || params.optional("channel_id") == null ? null
        : params.requiredInt(0, SimContext.MAX_CHANNEL_ID, "channel_id");
    long duration = params.optional("duration_ms") == null ? Long.MAX_VALUE
        : params.requiredInt(1, (int) MAX_STALL_MS, "duration_ms");
    int stalled = sim.staller().stall(deviceId, channelId, duration);
    Envelope.ok(ctx, "data", new JsonObject().put("stalled", stalled));
  }

  private void setOnline(RoutingContext ctx, boolean online) {
    if (!sim.state().setOnline(ctx.pathParam("id"), online)) {
      throw new ApiException(SimError.DEVICE_NOT_FOUND);
    }
    Envelope.ok(ctx);
  }

  private void addMessage(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (sim.state().device(id).isEmpty()) {
      throw new ApiException(SimError.DEVICE_NOT_FOUND);
    }
    byte[] payload = Params.of(ctx).bytes();
    long msgId = sim.state().messages().add(id, sim.now(), payload).msgId();
    Envelope.ok(ctx, "data", new JsonObject().put("msg_id", msgId));
  }
}
