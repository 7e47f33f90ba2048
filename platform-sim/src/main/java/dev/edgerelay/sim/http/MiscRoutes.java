package dev.edgerelay.sim.http;

import dev.edgerelay.sim.Channel;
import dev.edgerelay.sim.Device;
import dev.edgerelay.sim.DeviceMessage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Spec 7 trans_encrypt, 8 QryDevStatus, 9 QryDevMsg, 10 boot_address, 11 dev_active, 12 record_video and
 * 14 closecamera: the small routes, one handler each.
 */
final class MiscRoutes {
  /** Spec 8: "up to 30, no longer than 500 in length". */
  static final int MAX_STATUS_IDS = 30;
  static final int MAX_STATUS_IDS_LENGTH = 500;
  /** Spec 11: "no more than 128 byte". */
  static final int MAX_DEV_ACTIVE_BYTES = 128;
  /** Spec 10's example port; the emulator does not speak the device protocol behind it. */
  static final int BOOT_PORT = 9101;
  static final int DEFAULT_MSG_PAGE_SIZE = 50;
  private static final String BASE = "/ipc/video/";

  private final SimContext sim;

  MiscRoutes(SimContext sim) {
    this.sim = sim;
  }

  void mount(Router router) {
    router.route(HttpMethod.PUT, BASE + "trans_encrypt").handler(Envelope.body(Envelope.JSON_BODY_LIMIT))
        .handler(this::setEncrypt);
    router.route(HttpMethod.GET, BASE + "trans_encrypt").handler(this::getEncrypt);
    router.route(HttpMethod.GET, BASE + "device/QryDevStatus").handler(this::devStatus);
    router.route(HttpMethod.GET, BASE + "device/QryDevMsg").handler(this::devMessages);
    router.route(HttpMethod.GET, BASE + "boot_address").handler(this::bootAddress);
    router.route(HttpMethod.POST, BASE + "dev_active").handler(Envelope.body(MAX_DEV_ACTIVE_BYTES))
        .handler(this::devActive);
    router.route(HttpMethod.GET, BASE + "record/record_video").handler(this::recordVideo);
    router.route(HttpMethod.PUT, BASE + "access_control/closecamera").handler(Envelope.body(Envelope.JSON_BODY_LIMIT))
        .handler(this::closeCamera);
  }

  /** A 0/1 switch from a JSON body field, spec 7.1 {@code type} and spec 14 {@code type}. */
  private static int switchField(Params params, String name) {
    Object value = params.jsonBody().getValue(name);
    if (!(value instanceof Number n) || (n.intValue() != 0 && n.intValue() != 1) || n.doubleValue() != n.intValue()) {
      throw new ApiException(SimError.BODY_INVALID, "The body must be {\"" + name + "\":0} or {\"" + name + "\":1}");
    }
    return n.intValue();
  }

  private void setEncrypt(RoutingContext ctx) {
    sim.auth().requireAny(ctx);
    Params params = Params.of(ctx);
    sim.product(params, "product_id");
    sim.state().setTransEncrypt(switchField(params, "type"));
    Envelope.ok(ctx);
  }

  /** Spec 7.2: the switch sits at top level, {@code {"errno":0,"trans_enc":1}}. */
  private void getEncrypt(RoutingContext ctx) {
    sim.auth().requireAny(ctx);
    sim.product(Params.of(ctx), "product_id");
    Envelope.ok(ctx, "trans_enc", sim.state().transEncrypt());
  }

  private void devStatus(RoutingContext ctx) {
    Optional<String> caller = sim.auth().requireAny(ctx);
    String ids = Params.of(ctx).required(MAX_STATUS_IDS_LENGTH, "devIds", "devids", "dev_ids");
    List<String> list = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    if (list.size() > MAX_STATUS_IDS) {
      throw new ApiException(SimError.PARAM_INVALID, "Parameter devIds lists at most " + MAX_STATUS_IDS + " ids");
    }
    JsonArray devices = new JsonArray();
    for (String id : list) {
      if (caller.isPresent() && !caller.get().equals(id)) {
        throw new ApiException(SimError.AUTH_OTHER_DEVICE, "This device key may query only device " + caller.get());
      }
      sim.state().device(id).ifPresent(d -> devices.add(new JsonObject().put("id", d.id()).put("online", d.online())));
    }
    Envelope.ok(ctx, "result", new JsonObject().put("total_count", devices.size()).put("devices", devices));
  }

  private void devMessages(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Device device = sim.device(ctx, params, "device_id");
    ZoneId zone = sim.state().clock().getZone();
    long from = WireTime.parse(params.required("start_time"), zone, "start_time");
    long to = WireTime.parse(params.required("end_time"), zone, "end_time");
    int page = Paging.pageStart(params);
    int size = Paging.pageSize(params, DEFAULT_MSG_PAGE_SIZE);
    List<DeviceMessage> matches = sim.state().messages().list(device.id(), from, to);
    JsonArray result = new JsonArray();
    Paging.slice(matches, page, size).forEach(m -> result.add(new JsonObject()
        .put("create_time", WireTime.format(m.createdMillis(), zone)).put("msg_id", m.msgId())
        .put("msg", Base64.getEncoder().encodeToString(m.payload()))));
    Envelope.send(ctx, 200, Envelope.succ().put("page_info", Paging.info(matches.size(), size, page))
        .put("result", result));
  }

  /** Spec 10: no key. */
  private void bootAddress(RoutingContext ctx) {
    Envelope.ok(ctx, "data", new JsonObject().put("boot_address", sim.options().host()).put("boot_port", BOOT_PORT));
  }

  private void devActive(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Device device = sim.device(ctx, params, "device_id");
    if (params.bytes().length == 0) {
      throw new ApiException(SimError.BODY_INVALID, "The body is empty: send up to " + MAX_DEV_ACTIVE_BYTES + " bytes");
    }
    if (!device.online()) {
      throw new ApiException(SimError.DEVICE_OFFLINE);
    }
    Envelope.ok(ctx);
  }

  private void recordVideo(RoutingContext ctx) {
    Params params = Params.of(ctx);
    sim.product(params, "product_id");
    Channel channel = sim.channel(sim.device(ctx, params, "device_id"), params, "channel_id");
    int action = params.requiredInt(0, 1, "action");
    sim.state().setRecording(channel.deviceId(), channel.channelId(), action == 1);
    Envelope.ok(ctx);
  }

  /** Spec 14: {@code id} is the camera, i.e. the channel; body type 1 closes, 0 opens. */
  private void closeCamera(RoutingContext ctx) {
    Params params = Params.of(ctx);
    sim.product(params, "product_id");
    Channel channel = sim.channel(sim.device(ctx, params, "device_id"), params, "id", "channel_id");
    int type = switchField(params, "type");
    sim.state().setCameraClosed(channel.deviceId(), channel.channelId(), type == 1);
    Envelope.ok(ctx);
  }
}
