package dev.edgerelay.sim.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Time formats on the wire (API-NOTES "Time formats"): "yyyy-MM-dd HH:mm:ss" in the platform's zone for lists and
 * filters, UNIX seconds for pictures, 14 digits {@code yyyyMMddHHmmss} in rvod URLs.
 */
public final class WireTime {
  public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  public static final DateTimeFormatter RVOD = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private WireTime() {}

  public static String format(long millis, ZoneId zone) {
    return DATE_TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
  }

  public static String rvod(long millis, ZoneId zone) {
    return RVOD.format(Instant.ofEpochMilli(millis).atZone(zone));
  }

  /** "HH:MM:SS" of a duration, as stat lists give {@code onlinetime}/{@code pushtime}. */
  public static String elapsed(long millis) {
    long s = Math.max(0, millis / 1000);
    return String.format("%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  /**
   * Parses "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm" or "yyyy-MM-dd" (start of day) in {@code zone}.
   *
   * @throws ApiException naming {@code param} when the value has none of these forms
   */
  public static long parse(String value, ZoneId zone, String param) {
    String v = value.trim();
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(zone).toInstant().toEpochMilli();
      }
      DateTimeFormatter f = v.length() == 16 ? MINUTES : DATE_TIME;
      return LocalDateTime.parse(v, f).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new ApiException(SimError.PARAM_INVALID,
          "Parameter " + param + " must be \"YYYY-MM-DD HH:MM:SS\", got '" + Params.abbreviate(v) + "'");
    }
  }
}
