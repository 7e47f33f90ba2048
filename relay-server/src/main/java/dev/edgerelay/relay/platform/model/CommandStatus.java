package dev.edgerelay.relay.platform.model;

/** The platform's delivery state of a command (3.1 {@code cmd_status}, 3.2 {@code status}). */
public enum CommandStatus {
  DEVICE_OFFLINE(0),
  SENDING(1),
  SENT(2),
  SEND_ERROR(3),
  DEVICE_REPLIED(4),
  TIMEOUT(5),
  BAD_RESPONSE(6);

  private final int code;

  CommandStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static CommandStatus of(long code) {
    for (CommandStatus status : values()) {
      if (status.code == code) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown command status " + code + " (spec 3.2 defines 0 to 6)");
  }

  /** Spec 3.1: qos=0 is done once sent (2); qos=1 once the device replied or it failed (>= 4). */
  public boolean settled(int qos) {
    if (this == DEVICE_OFFLINE || this == SEND_ERROR) {
      return true;
    }
    return qos == 0 ? this != SENDING : code >= DEVICE_REPLIED.code;
  }
}
