package dev.edgerelay.sim.http;

import dev.edgerelay.sim.Channel;
import dev.edgerelay.sim.Device;
import dev.edgerelay.sim.SimState.ChannelChange;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/** Spec 2.1-2.4: QryChannel, DelChannel, AddChannel (errno 16), ModifyChannel (errno 17). */
final class ChannelRoutes {
  /** Spec 2.3: "no longer than 64". */
  static final int MAX_TITLE = 64;
  static final int MAX_DESC = 1024;
  /**
   * Spec 2.3 says "only numbers, letters or combinations"; its own example titles ("test_qwer", "my_quto_test")
   * hold underscores, so '_' and '-' pass too.
   */
  static final Pattern TITLE = Pattern.compile("[\\p{L}\\p{N}_-]+");
  private static final String BASE = "/ipc/video/device/";

  private final SimContext sim;

  ChannelRoutes(SimContext sim) {
    this.sim = sim;
  }

  void mount(Router router) {
    router.route(HttpMethod.GET, BASE + "QryChannel").handler(this::query);
    router.route(HttpMethod.DELETE, BASE + "DelChannel").handler(this::delete);
    router.route(HttpMethod.POST, BASE + "AddChannel").handler(ctx -> change(ctx, true));
    router.route(HttpMethod.POST, BASE + "ModifyChannel").handler(ctx -> change(ctx, false));
  }

  private void query(RoutingContext ctx) {
    Device device = sim.device(ctx, Params.of(ctx), "device_id");
    JsonArray result = new JsonArray();
    sim.state().channels(device.id()).forEach(c -> result.add(new JsonObject().put("channel_id", c.channelId())
        .put("title", c.title()).put("desc", c.desc())));
    Envelope.ok(ctx, "result", result);
  }

  private void delete(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Device device = sim.device(ctx, params, "device_id");
    int channelId = params.requiredInt(0, SimContext.MAX_CHANNEL_ID, "channel_id");
    answer(ctx, sim.state().deleteChannel(device.id(), channelId));
  }

  private void change(RoutingContext ctx, boolean add) {
    Params params = Params.of(ctx);
    Device device = sim.device(ctx, params, "device_id");
    int channelId = params.requiredInt(0, SimContext.MAX_CHANNEL_ID, "channel_id");
    String title = params.required(MAX_TITLE, "title");
    if (!TITLE.matcher(title).matches()) {
      throw new ApiException(SimError.PARAM_INVALID, "Parameter title takes only letters, digits, '_' and '-'");
    }
    String desc = params.optional("desc");
    if (desc != null && desc.length() > MAX_DESC) {
      throw new ApiException(SimError.PARAM_INVALID, "Parameter desc is over " + MAX_DESC + " characters");
    }
    Channel channel = new Channel(device.id(), channelId, title, desc == null ? "" : desc);
    answer(ctx, add ? sim.state().addChannel(channel) : sim.state().modifyChannel(channel));
  }

  private static void answer(RoutingContext ctx, ChannelChange change) {
    switch (change) {
      case DONE -> Envelope.ok(ctx);
      case EXISTS -> throw new ApiException(SimError.CHANNEL_EXISTS);
      case MISSING -> throw new ApiException(SimError.CHANNEL_MISSING);
      case FULL -> throw new ApiException(SimError.LIMIT_REACHED, "A device has at most "
          + dev.edgerelay.sim.SimState.MAX_CHANNELS_PER_DEVICE + " channels");
      case NO_DEVICE -> throw new ApiException(SimError.DEVICE_NOT_FOUND);
    }
  }
}
