package dev.edgerelay.media.hls;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Writes a {@link MediaPlaylist} as RFC 8216 text, tags in the order players expect. Stateless. */
public final class PlaylistWriter {
  /**
   * Version 3 (RFC 8216 7): EXTINF durations are decimal floating point. No tag we write needs more
   * (PROGRAM-DATE-TIME, DISCONTINUITY-SEQUENCE and INDEPENDENT-SEGMENTS carry no version requirement).
   */
  public static final int VERSION = 3;
  /** 4.3.2.6: ISO 8601 with milliseconds and an explicit zone. */
  static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(ZoneOffset.UTC);
  /** Upper bound of the tags before the first segment and the end list. */
  private static final int HEADER_CHARS = 256;
  /** Upper bound of a segment's tags: DISCONTINUITY (22), PROGRAM-DATE-TIME (50), EXTINF and two newlines. */
  private static final int SEGMENT_TAG_CHARS = 112;
  private static final long MILLIS_PER_DAY = 86_400_000L;
  /** Past this year DATE_TIME prints a sign and more digits; the fast path leaves such dates to it. */
  private static final int MAX_FOUR_DIGIT_YEAR = 9999;

  private PlaylistWriter() {
  }

  public static String write(MediaPlaylist p) {
    StringBuilder sb = new StringBuilder(capacity(p));
    sb.append("#EXTM3U\n");
    sb.append("#EXT-X-VERSION:").append(VERSION).append('\n');
    sb.append("#EXT-X-TARGETDURATION:").append(p.targetDuration()).append('\n');
    sb.append("#EXT-X-MEDIA-SEQUENCE:").append(p.mediaSequence()).append('\n');
    if (p.discontinuitySequence() > 0) {
      sb.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(p.discontinuitySequence()).append('\n');
    }
    if (p.type() != PlaylistType.LIVE) {
      sb.append("#EXT-X-PLAYLIST-TYPE:").append(p.type().name()).append('\n');
    }
    if (p.independentSegments()) {
      sb.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    }
    for (PlaylistSegment s : p.segments()) {
      if (s.discontinuity()) {
        sb.append("#EXT-X-DISCONTINUITY\n");
      }
      if (s.programDateTimeMillis() >= 0) {
        sb.append("#EXT-X-PROGRAM-DATE-TIME:");
        appendDateTime(sb, s.programDateTimeMillis());
        sb.append('\n');
      }
      sb.append("#EXTINF:");
      appendSeconds(sb, s.duration90k());
      sb.append(",\n");
      sb.append(s.uri()).append('\n');
    }
    if (p.ended()) {
      sb.append("#EXT-X-ENDLIST\n");
    }
    return sb.toString();
  }

  /** Room for the whole text, so a VOD playlist of hundreds of lines is never copied to grow. */
  private static int capacity(MediaPlaylist p) {
    int capacity = HEADER_CHARS;
    for (PlaylistSegment s : p.segments()) {
      capacity += SEGMENT_TAG_CHARS + s.uri().length();
    }
    return capacity;
  }

  /**
   * EXTINF seconds with three decimals, rounded half up as {@code %.3f} does; a VOD playlist has hundreds
   * of lines and a Formatter per line was most of the time spent building one.
   */
  static void appendSeconds(StringBuilder sb, long duration90k) {
    long millis = (duration90k + 45) / 90;
    sb.append(millis / 1000).append('.');
    appendPadded(sb, millis % 1000, 3);
  }

  /** What {@link #DATE_TIME} prints for {@code epochMillis}, written field by field. */
  static void appendDateTime(StringBuilder sb, long epochMillis) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochMillis, MILLIS_PER_DAY));
    if (epochMillis < 0 || date.getYear() > MAX_FOUR_DIGIT_YEAR) {
      sb.append(DATE_TIME.format(Instant.ofEpochMilli(epochMillis)));
      return;
    }
    int millisOfDay = (int) (epochMillis % MILLIS_PER_DAY);
    appendPadded(sb, date.getYear(), 4);
    sb.append('-');
    appendPadded(sb, date.getMonthValue(), 2);
    sb.append('-');
    appendPadded(sb, date.getDayOfMonth(), 2);
    sb.append('T');
    appendPadded(sb, millisOfDay / 3_600_000, 2);
    sb.append(':');
    appendPadded(sb, millisOfDay / 60_000 % 60, 2);
    sb.append(':');
    appendPadded(sb, millisOfDay / 1000 % 60, 2);
    sb.append('.');
    appendPadded(sb, millisOfDay % 1000, 3);
    sb.append('Z'); // XXX prints a zero offset as Z (ISO 8601)
  }

  private static void appendPadded(StringBuilder sb, long value, int width) {
    for (long bound = width == 4 ? 1000 : width == 3 ? 100 : 10; bound > 1 && value < bound; bound /= 10) {
      sb.append('0');
    }
    sb.append(value);
  }
}
