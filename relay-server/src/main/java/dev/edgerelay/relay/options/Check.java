package dev.edgerelay.relay.options;

import dev.edgerelay.recorder.ChannelRef;

/** The checks every options class's {@code validate()} makes, each failing with the field and the allowed values. */
public final class Check {
  private Check() {}

  public static long range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ConfigException(field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  public static int port(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigException(field, "must be a port between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  public static String text(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(field, "must not be empty");
    }
    return value;
  }

  /** A channel written {@code device_id-channel_id}, as the list options take them. */
  public static ChannelRef channel(String field, String text) {
    int dash = text.lastIndexOf('-');
    try {
      return new ChannelRef(text.substring(0, dash).trim(), Integer.parseInt(text.substring(dash + 1).trim()));
    } catch (RuntimeException e) {
      throw new ConfigException(field, "names channels as device_id-channel_id, got '" + text + "'");
    }
  }
}
