package dev.edgerelay.relay.vod;

import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.RequestParams;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A recorded time range as play URLs write it (spec 4.1 rvod; API-NOTES time formats): 14 digits
 * {@code yyyyMMddHHmmss} as the clients send, or 12 digits {@code yyyyMMddHHmm} as the document's
 * example shows, in the node's time zone; and the video list's {@code "YYYY-MM-DD HH:MM:SS"}.
 */
public record TimeRange(long fromMillis, long toMillis) {
  /** One playlist or export spans at most this much: bounds the work one request can ask for. */
  public static final long MAX_SPAN_MILLIS = 7L * 24 * 3_600_000;
  static final DateTimeFormatter DIGITS_14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  static final DateTimeFormatter DIGITS_12 = DateTimeFormatter.ofPattern("yyyyMMddHHmm");
  public static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Parses {@code begin} and {@code end} (12 or 14 digits each), checking order and span. */
  public static TimeRange ofDigits(String begin, String end, ZoneId zone) {
    long from = digits(begin, zone, "begin");
    long to = digits(end, zone, "end");
    if (to <= from) {
      throw ApiError.invalid("the range ends (" + RequestParams.shown(end) + ") before it begins ("
          + RequestParams.shown(begin) + ")").exception();
    }
    if (to - from > MAX_SPAN_MILLIS) {
      throw ApiError.invalid("the range spans more than " + MAX_SPAN_MILLIS / 86_400_000 + " days: ask for less")
          .exception();
    }
    return new TimeRange(from, to);
  }

  public static long digits(String text, ZoneId zone, String name) {
    DateTimeFormatter f = text.length() == 14 ? DIGITS_14 : text.length() == 12 ? DIGITS_12 : null;
    if (f == null || !text.chars().allMatch(Character::isDigit)) {
      throw ApiError.invalid(name + " must be 14 digits yyyyMMddHHmmss (or 12, yyyyMMddHHmm), got '"
          + RequestParams.shown(text) + "'").exception();
    }
    try {
      return LocalDateTime.parse(text, f).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(name + " is not a real date and time: '" + RequestParams.shown(text) + "'").exception();
    }
  }

  /** A video-list filter, {@code "YYYY-MM-DD HH:MM:SS"} (spec 6.2). */
  public static long wire(String text, ZoneId zone, String name) {
    try {
      return LocalDateTime.parse(text.trim(), WIRE).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(name + " must be \"YYYY-MM-DD HH:MM:SS\", got '" + RequestParams.shown(text) + "'").exception();
    }
  }

  public static String formatWire(long millis, ZoneId zone) {
    return WIRE.format(java.time.Instant.ofEpochMilli(millis).atZone(zone));
  }

  public static String formatDigits(long millis, ZoneId zone) {
    return DIGITS_14.format(java.time.Instant.ofEpochMilli(millis).atZone(zone));
  }
}
