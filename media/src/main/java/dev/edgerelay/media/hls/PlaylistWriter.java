package dev.edgerelay.media.hls;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Writes a {@link MediaPlaylist} as RFC 8216 text, tags in the order players expect. Stateless. */
public final class PlaylistWriter {
  /**
   * Version 3 (RFC 8216 7): EXTINF durations are decimal floating point. No tag we write needs more
   * (PROGRAM-DATE-TIME, DISCONTINUITY-SEQUENCE and INDEPENDENT-SEGMENTS carry no version requirement).
   */
  public static final int VERSION = 3;
  /** 90 kHz timestamps: ticks in a millisecond. */
  private static final long TICKS_PER_MILLI = 90;

  private PlaylistWriter() {
  }

  public static String write(MediaPlaylist p) {
    StringBuilder sb = new StringBuilder(128 + 96 * p.segments().size());
    sb.append("#EXTM3U\n");
    sb.append("#EXT-X-VERSION:").append(VERSION).append('\n');
    sb.append("#EXT-X-TARGETDURATION:").append(p.targetDuration()).append('\n');
    sb.append("#EXT-X-MEDIA-SEQUENCE:").append(p.mediaSequence()).append('\n');
    if (p.discontinuitySequence() > 0) {
      sb.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(p.discontinuitySequence()).append('\n');
    }
    if (p.vod()) {
      sb.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
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
        appendDateTime(s.programDateTimeMillis(), sb).append('\n');
      }
      sb.append("#EXTINF:");
      appendSeconds(s.duration90k(), sb).append(",\n");
      sb.append(s.uri()).append('\n');
    }
    if (p.ended()) {
      sb.append("#EXT-X-ENDLIST\n");
    }
    return sb.toString();
  }

  /**
   * 4.3.2.6: ISO 8601 with milliseconds and an explicit zone, {@code 2025-11-26T05:40:00.000Z}, written
   * field by field (a {@code DateTimeFormatter} per line was the playlists' next allocation after EXTINF).
   */
  static StringBuilder appendDateTime(long epochMillis, StringBuilder sb) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L),
        (int) Math.floorMod(epochMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
    padded(t.getYear(), 4, sb).append('-');
    padded(t.getMonthValue(), 2, sb).append('-');
    padded(t.getDayOfMonth(), 2, sb).append('T');
    padded(t.getHour(), 2, sb).append(':');
    padded(t.getMinute(), 2, sb).append(':');
    padded(t.getSecond(), 2, sb).append('.');
    return padded(t.getNano() / 1_000_000, 3, sb).append('Z');
  }

  private static StringBuilder padded(int value, int digits, StringBuilder sb) {
    for (int limit = 10, i = 1; i < digits; i++, limit *= 10) {
      if (value < limit) {
        sb.append('0');
      }
    }
    return sb.append(value);
  }

  /**
   * Seconds with three decimals, rounded half up: what {@code %.3f} of the duration writes, without a
   * {@code Formatter} per line (its locale symbols were a top allocation of live playlists, issue 9).
   */
  static StringBuilder appendSeconds(long duration90k, StringBuilder sb) {
    long millis = (duration90k + TICKS_PER_MILLI / 2) / TICKS_PER_MILLI;
    long fraction = millis % 1000;
    sb.append(millis / 1000).append('.');
    if (fraction < 100) {
      sb.append(fraction < 10 ? "00" : "0");
    }
    return sb.append(fraction);
  }
}
