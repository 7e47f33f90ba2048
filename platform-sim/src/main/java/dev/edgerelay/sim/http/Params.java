package dev.edgerelay.sim.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Typed reading of query parameters and JSON bodies. Several names may stand for one parameter, so the spelling
 * of the original document ({@code channeled}, {@code deviceid}) is accepted beside the correct one. Bad input
 * ends the request with {@link ApiException} naming the parameter and what it must be.
 */
public final class Params {
  private final RoutingContext ctx;
  private final SimError missing;
  private final SimError invalid;

  private Params(RoutingContext ctx, SimError missing, SimError invalid) {
    this.ctx = ctx;
    this.missing = missing;
    this.invalid = invalid;
  }

  public static Params of(RoutingContext ctx) {
    return new Params(ctx, SimError.PARAM_MISSING, SimError.PARAM_INVALID);
  }

  /** Parameters whose every error answers {@code error} (play_address answers errno 1 for all of them). */
  public static Params of(RoutingContext ctx, SimError error) {
    return new Params(ctx, error, error);
  }

  /** The first present, non-empty value among {@code names}, or null. */
  public String optional(String... names) {
    for (String name : names) {
      String value;
      try {
        value = ctx.request().getParam(name);
      } catch (IllegalArgumentException badEncoding) {
        throw new ApiException(invalid, "The query string could not be decoded: check its %-encoding");
      }
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  public String required(String... names) {
    String value = optional(names);
    if (value == null) {
      throw new ApiException(missing, "Missing required parameter " + names[0]);
    }
    return value;
  }

  /** A required string of at most {@code maxLength} characters. */
  public String required(int maxLength, String... names) {
    String value = required(names);
    if (value.length() > maxLength) {
      throw new ApiException(invalid, "Parameter " + names[0] + " is over " + maxLength + " characters");
    }
    return value;
  }

  public long requiredLong(long min, long max, String... names) {
    return parse(required(names), min, max, names[0]);
  }

  public int requiredInt(int min, int max, String... names) {
    return (int) requiredLong(min, max, names);
  }

  public long optionalLong(long fallback, long min, long max, String... names) {
    String value = optional(names);
    return value == null ? fallback : parse(value, min, max, names[0]);
  }

  public int optionalInt(int fallback, int min, int max, String... names) {
    return (int) optionalLong(fallback, min, max, names);
  }

  private long parse(String value, long min, long max, String name) {
    long parsed;
    try {
      parsed = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(invalid, "Parameter " + name + " must be an integer, got '" + abbreviate(value) + "'");
    }
    if (parsed < min || parsed > max) {
      throw new ApiException(invalid, "Parameter " + name + " must be " + min + ".." + max + ", got " + parsed);
    }
    return parsed;
  }

  /** A device id: a numeric string (the emulator assigns only those). */
  public String deviceId(String... names) {
    String id = required(names);
    if (!id.matches("\\d{1,20}")) {
      throw new ApiException(invalid, "Parameter " + names[0] + " must be a numeric device id, got '"
          + abbreviate(id) + "'");
    }
    return id;
  }

  /** The request body as a JSON object; errno {@link SimError#BODY_INVALID} when it is not one. */
  public JsonObject jsonBody() {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new ApiException(SimError.BODY_INVALID, "The body is empty: send a JSON object");
    }
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new ApiException(SimError.BODY_INVALID, "The body is not a JSON object");
    }
  }

  /** The raw body bytes, empty when there is none. */
  public byte[] bytes() {
    Buffer body = ctx.body().buffer();
    return body == null ? new byte[0] : body.getBytes();
  }

  static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
