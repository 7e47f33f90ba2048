package dev.edgerelay.relay.http;

import io.vertx.ext.web.RoutingContext;

/** Reads query parameters the way the platform names them, failing with the envelope's errno and a sentence. */
public final class RequestParams {
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
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed < min || parsed > max) {
        throw ApiError.invalid(name + " must be between " + min + " and " + max + ", got " + parsed).exception();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw ApiError.invalid(name + " must be a whole number, got '" + value + "'").exception();
    }
  }

  private static int parseInt(String name, String value, int min, int max) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw ApiError.invalid(name + " must be between " + min + " and " + max + ", got " + parsed).exception();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw ApiError.invalid(name + " must be a whole number, got '" + value + "'").exception();
    }
  }
}
