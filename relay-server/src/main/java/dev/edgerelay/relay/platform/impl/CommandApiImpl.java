package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.CommandApi;
import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.model.CommandReceipt;
import dev.edgerelay.relay.platform.model.CommandRequest;
import dev.edgerelay.relay.platform.model.CommandState;
import dev.edgerelay.relay.platform.model.WireFields;
import io.vertx.core.Future;

/** Spec 3. */
final class CommandApiImpl extends SectionApi implements CommandApi {

  CommandApiImpl(PlatformTransport transport, String apiKey) {
    super(transport, apiKey);
  }

  @Override
  public Future<CommandReceipt> send(CommandRequest command) {
    String contentType = command.type() == 0 ? "application/json" : "application/octet-stream";
    return call(Endpoint.COMMAND_SEND).param("device_id", command.deviceId()).param("qos", command.qos())
        .param("type", command.type()).body(command.payload(), contentType).data().map(CommandReceipt::fromJson);
  }

  @Override
  public Future<CommandState> status(String deviceId, String cmdUuid) {
    return call(Endpoint.COMMAND_STATUS).param("device_id", deviceId).param("cmd_uuid", cmdUuid).data()
        .map(CommandState::fromJson);
  }

  @Override
  public Future<byte[]> response(String deviceId, String cmdUuid) {
    return call(Endpoint.COMMAND_RESPONSE).param("device_id", deviceId).param("cmd_uuid", cmdUuid).envelope()
        .map(json -> WireFields.base64(json.getString("resp"), "resp"));
  }
}
