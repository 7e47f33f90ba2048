package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.platform.model.CommandReceipt;
import dev.edgerelay.relay.platform.model.CommandRequest;
import dev.edgerelay.relay.platform.model.CommandState;
import io.vertx.core.Future;

/**
 * Spec 3, commands to devices. Sending is never retried by the client: a command may have reached
 * the device although the answer was lost. Build 3.5 payloads with
 * {@link dev.edgerelay.relay.platform.model.DeviceCommand}.
 */
public interface CommandApi {
  /** 3.1 cmds. */
  Future<CommandReceipt> send(CommandRequest command);

  /** 3.2 cmd_status. */
  Future<CommandState> status(String deviceId, String cmdUuid);

  /** 3.3 cmd_resp: the device's reply, decoded from base64 (kept 60 s by the platform). */
  Future<byte[]> response(String deviceId, String cmdUuid);
}
