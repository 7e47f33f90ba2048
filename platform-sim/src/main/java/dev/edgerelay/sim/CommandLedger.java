package dev.edgerelay.sim;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Commands sent to devices (spec 3) and their status; a device's reply is kept 60 seconds (spec 3.3),
 * measured on the emulator's clock so tests can step time. Thread-safe.
 */
public final class CommandLedger {
  /** Commands remembered at most; the oldest is forgotten beyond it. */
  public static final int MAX_COMMANDS = 10_000;
  /** Spec 3.3: the platform deletes a device's reply 60 s after it arrived. */
  public static final long RESPONSE_RETENTION_MILLIS = 60_000L;

  /** Spec 3.1 cmd_status values. */
  public static final int DEVICE_OFFLINE = 0;
  public static final int SENDING = 1;
  public static final int SENT = 2;
  public static final int SEND_ERROR = 3;
  public static final int REPLIED = 4;
  public static final int TIMEOUT = 5;
  public static final int BAD_RESPONSE = 6;

  /** One command and where it stands; {@code reply} is set with status {@link #REPLIED}. */
  public record Command(String uuid, String deviceId, int qos, int type, byte[] body, int status,
                        long createdMillis, long repliedMillis, byte[] reply) {
    Command withStatus(int newStatus, byte[] newReply, long nowMillis) {
      return new Command(uuid, deviceId, qos, type, body, newStatus, createdMillis,
          newReply != null ? nowMillis : repliedMillis, newReply != null ? newReply : reply);
    }
  }

  /** Outcome of a cmd_resp query. */
  public enum ResponseState { READY, NOT_FOUND, NOT_REPLIED, EXPIRED }

  private final Clock clock;
  private final Map<String, Command> byUuid = new LinkedHashMap<>();

  CommandLedger(Clock clock) {
    this.clock = clock;
  }

  public static String describe(int status) {
    return switch (status) {
      case DEVICE_OFFLINE -> "device offline";
      case SENDING -> "sending";
      case SENT -> "send ok";
      case SEND_ERROR -> "send error";
      case REPLIED -> "resp ok";
      case TIMEOUT -> "timeout";
      case BAD_RESPONSE -> "resp data error";
      default -> "unknown";
    };
  }

  public synchronized Command create(String deviceId, int qos, int type, byte[] body, int status) {
    if (byUuid.size() >= MAX_COMMANDS) {
      Iterator<String> oldest = byUuid.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    Command command = new Command(UUID.randomUUID().toString(), deviceId, qos, type, body.clone(), status,
        clock.millis(), 0, null);
    byUuid.put(command.uuid(), command);
    return command;
  }

  /** The command, only if it was sent to this device. */
  public synchronized Optional<Command> get(String deviceId, String uuid) {
    Command command = uuid == null ? null : byUuid.get(uuid);
    return Optional.ofNullable(command != null && command.deviceId().equals(deviceId) ? command : null);
  }

  public synchronized Optional<Command> byUuid(String uuid) {
    return Optional.ofNullable(byUuid.get(uuid));
  }

  /** Moves a command to a new status, with the device's reply when there is one. */
  public synchronized Optional<Command> advance(String uuid, int status, byte[] reply) {
    Command command = byUuid.get(uuid);
    if (command == null) {
      return Optional.empty();
    }
    Command next = command.withStatus(status, reply, clock.millis());
    byUuid.put(uuid, next);
    return Optional.of(next);
  }

  public synchronized ResponseState responseState(String deviceId, String uuid) {
    Optional<Command> command = get(deviceId, uuid);
    if (command.isEmpty()) {
      return ResponseState.NOT_FOUND;
    }
    if (command.get().reply() == null) {
      return ResponseState.NOT_REPLIED;
    }
    return clock.millis() - command.get().repliedMillis() >= RESPONSE_RETENTION_MILLIS
        ? ResponseState.EXPIRED : ResponseState.READY;
  }
}
