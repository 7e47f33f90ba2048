package dev.edgerelay.sim.http;

import dev.edgerelay.sim.CommandLedger;
import dev.edgerelay.sim.CommandLedger.Command;
import dev.edgerelay.sim.Device;
import dev.edgerelay.sim.Recording;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;

/**
 * Spec 3.1-3.3: commands to devices, their status and the device's reply. A simulated device answers qos=1
 * commands: status 1 (created) moves to 2 (sent) and then 4 (replied) one {@code commandStepMillis} apart. It
 * replies to the local video list query (spec 3.5 C, cmdId 10) with the channel's recordings, and echoes any
 * other command.
 */
final class CommandRoutes {
  /** Spec 3.1: "User-defined data ... (less than 64K)". */
  static final int MAX_COMMAND_BYTES = 64 * 1024 - 1;
  /** Spec 3.5 C: the local video list query. */
  static final int CMD_VIDEO_LIST = 10;

  private final SimContext sim;
  private final CommandLedger ledger;

  CommandRoutes(SimContext sim) {
    this.sim = sim;
    this.ledger = sim.state().commands();
  }

  void mount(Router router) {
    router.route(HttpMethod.POST, "/ipc/video/cmds").handler(Envelope.body(MAX_COMMAND_BYTES)).handler(this::send);
    router.route(HttpMethod.GET, "/ipc/video/cmd_status").handler(this::status);
    router.route(HttpMethod.GET, "/ipc/video/cmd_resp").handler(this::response);
  }

  private void send(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Device device = sim.device(ctx, params, "device_id");
    int qos = params.optionalInt(0, 0, 1, "qos");
    int type = params.optionalInt(0, 0, 1, "type");
    byte[] body = params.bytes();
    if (body.length == 0) {
      throw new ApiException(SimError.BODY_INVALID, "The command body is empty: send the command's data");
    }
    int status = !device.online() ? CommandLedger.DEVICE_OFFLINE
        : qos == 0 ? CommandLedger.SENT : CommandLedger.SENDING;
    Command command = ledger.create(device.id(), qos, type, body, status);
    if (status == CommandLedger.SENDING) {
      long step = sim.options().commandStepMillis();
      sim.vertx().setTimer(step, t -> deliver(command.uuid()));
    }
    Envelope.ok(ctx, "data", new JsonObject().put("cmd_uuid", command.uuid()).put("cmd_status", status));
  }

  /** Step 1 -> 2, then 2 -> 4; a device that went offline meanwhile makes it 3 or 5. */
  private void deliver(String uuid) {
    Command command = ledger.byUuid(uuid).orElse(null);
    if (command == null) {
      return;
    }
    if (!online(command.deviceId())) {
      ledger.advance(uuid, CommandLedger.SEND_ERROR, null);
      return;
    }
    ledger.advance(uuid, CommandLedger.SENT, null);
    sim.vertx().setTimer(sim.options().commandStepMillis(), t -> {
      if (online(command.deviceId())) {
        ledger.advance(uuid, CommandLedger.REPLIED, reply(command));
      } else {
        ledger.advance(uuid, CommandLedger.TIMEOUT, null);
      }
    });
  }

  private boolean online(String deviceId) {
    return sim.state().device(deviceId).map(Device::online).orElse(false);
  }

  private byte[] reply(Command command) {
    try {
      JsonObject json = new JsonObject(new String(command.body(), StandardCharsets.UTF_8));
      if (json.getValue("cmdId") instanceof Number n && n.intValue() == CMD_VIDEO_LIST) {
        return videoList(command.deviceId(), json.getJsonObject("cmd", new JsonObject()));
      }
    } catch (DecodeException | ClassCastException notJson) {
      // not a platform-defined command: the simulated device echoes it
    }
    return command.body();
  }

  /** Spec 3.5 C "Local Video List Response". */
  private byte[] videoList(String deviceId, JsonObject cmd) {
    ZoneId zone = sim.state().clock().getZone();
    int channel = cmd.getValue("channel_id") instanceof Number n ? n.intValue() : 1;
    int page = cmd.getValue("page") instanceof Number n ? Math.max(1, n.intValue()) : 1;
    int perPage = cmd.getValue("per_page") instanceof Number n ? Math.max(1, Math.min(Paging.MAX_PAGE_SIZE,
        n.intValue())) : 20;
    List<Recording> all = sim.state().recordings().list(deviceId, channel);
    JsonArray rvods = new JsonArray();
    Paging.slice(all, page, perPage).forEach(r -> rvods.add(new JsonObject().put("channel_id", channel)
        .put("video_desc", r.name()).put("size", r.sizeBytes())
        .put("beginTime", WireTime.format(r.startMillis(), zone))
        .put("endTime", WireTime.format(r.endMillis(), zone))));
    return new JsonObject().put("all_count", all.size()).put("cur_count", rvods.size()).put("rvods", rvods)
        .encode().getBytes(StandardCharsets.UTF_8);
  }

  private Command command(RoutingContext ctx, Params params, Device device) {
    String uuid = params.required("cmd_uuid");
    return ledger.get(device.id(), uuid).orElseThrow(() -> new ApiException(SimError.COMMAND_NOT_FOUND));
  }

  private void status(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Command command = command(ctx, params, sim.device(ctx, params, "device_id"));
    Envelope.ok(ctx, "data", new JsonObject().put("status", command.status())
        .put("desc", CommandLedger.describe(command.status())));
  }

  private void response(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Device device = sim.device(ctx, params, "device_id");
    Command command = command(ctx, params, device);
    switch (ledger.responseState(device.id(), command.uuid())) {
      case READY -> Envelope.ok(ctx, "resp", Base64.getEncoder().encodeToString(command.reply()));
      case EXPIRED -> throw new ApiException(SimError.COMMAND_RESP_EXPIRED);
      case NOT_REPLIED -> throw new ApiException(SimError.COMMAND_NOT_REPLIED, "The device has not replied (status "
          + command.status() + " " + CommandLedger.describe(command.status()) + "): poll cmd_status until it is 4");
      default -> throw new ApiException(SimError.COMMAND_NOT_FOUND);
    }
  }
}
