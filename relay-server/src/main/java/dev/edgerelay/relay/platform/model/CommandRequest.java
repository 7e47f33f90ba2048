package dev.edgerelay.relay.platform.model;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * 3.1 cmds: a payload for a device. {@code qos} 1 asks the platform to wait for the device's reply;
 * {@code type} 0 is a platform-defined command (3.5), 1 a user-defined one.
 */
public record CommandRequest(String deviceId, int qos, int type, Buffer payload) {

  /** Spec 3.1: "less than 64K". */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024 - 1;

  public CommandRequest {
    if (qos != 0 && qos != 1) {
      throw new IllegalArgumentException("qos must be 0 or 1, got " + qos);
    }
    if (type != 0 && type != 1) {
      throw new IllegalArgumentException("type must be 0 (platform) or 1 (user), got " + type);
    }
    if (payload.length() > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("payload must be at most " + MAX_PAYLOAD_BYTES + " bytes, got " + payload.length());
    }
  }

  /** A platform-defined command of 3.5, built by {@link DeviceCommand}. */
  public static CommandRequest platform(String deviceId, int qos, JsonObject command) {
    return new CommandRequest(deviceId, qos, 0, command.toBuffer());
  }

  public static CommandRequest user(String deviceId, int qos, Buffer payload) {
    return new CommandRequest(deviceId, qos, 1, payload);
  }
}
