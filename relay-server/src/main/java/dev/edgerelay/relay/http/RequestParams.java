package dev.edgerelay.relay.http;

import dev.edgerelay.recorder.ChannelRef;
import io.vertx.ext.web.RoutingContext;

/** Reads query parameters the way the platform names them, failing with the envelope's errno and a sentence. */
public final class RequestParams {
  /** The most of a request's own text an error sentence quotes back. */
  static final int MAX_SHOWN_CHARS = 64;

  private final RoutingContext ctx;

  public RequestParams(RoutingContext ctx) {
    this.ctx = ctx;
  }

  /** The first non-empty value among {@code names} (a correct name and its misspelling), or null. */
  public String optional(String... names) {
    for (String name : names) {
      String value = ctx.queryParams().get(name);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  public String required(String... names) {
    String value = optional(names);
    if (value == null) {
      throw ApiError.missing(names[0]).exception();
    }
    return value;
  }

  public int requiredInt(String name, int min, int max) {
    return parseInt(name, required(name), min, max);
  }

  public int optionalInt(String name, int fallback, int min, int max) {
    String value = optional(name);
    return value == null ? fallback : parseInt(name, value, min, max);
  }

  public long optionalLong(String name, long fallback, long min, long max) {
    String value = optional(name);
    return value == null ? fallback : wholeNumber(name, value, min, max);
  }

  /** The device-channel {@code deviceId}-{@code channelId} (a channel id already checked), or the errno 111 answer. */
  public static ChannelRef channel(String deviceId, int channelId) {
    try {
      return new ChannelRef(deviceId, channelId);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("device_id must be 1 to " + ChannelRef.MAX_DEVICE_ID_LENGTH + " letters or digits, got '"
          + shown(deviceId) + "'").exception();
    }
  }

  /**
   * {@code text} as an error sentence may quote it: at most {@value #MAX_SHOWN_CHARS} characters, control
   * characters replaced, so a stranger's 8 KB value is not echoed back whole.
   */
  public static String shown(String text) {
    if (text == null) {
      return "";
    }
    String cut = text.length() > MAX_SHOWN_CHARS ? text.substring(0, MAX_SHOWN_CHARS) + "..." : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  private static int parseInt(String name, String value, int min, int max) {
    return (int) wholeNumber(name, value, min, max);
  }

  /** {@code value} as a whole number in {@code [min, max]}, or the errno 111 answer naming {@code name}. */
  public static long wholeNumber(String name, String value, long min, long max) {
    long parsed;
    try {
      parsed = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ApiError.invalid(name + " must be a whole number from " + min + " to " + max + ", got '" + shown(value)
          + "'").exception();
    }
    if (parsed < min || parsed > max) {
      throw ApiError.invalid(name + " must be between " + min + " and " + max + ", got " + parsed).exception();
    }
    return parsed;
  }
}
