package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/** Answer of 3.2 cmd_status: the state and the platform's word for it ("sending", ...). */
public record CommandState(CommandStatus status, String desc) {
  public static CommandState fromJson(JsonObject data) {
    return new CommandState(CommandStatus.of(WireFields.number(data, "status", 1)), data.getString("desc"));
  }
}
