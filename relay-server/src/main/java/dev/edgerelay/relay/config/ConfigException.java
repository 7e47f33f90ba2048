package dev.edgerelay.relay.config;

/** A setting the node cannot start with; the message names the setting and says what to fix. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
