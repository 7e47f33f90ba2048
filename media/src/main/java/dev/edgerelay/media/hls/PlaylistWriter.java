package dev.edgerelay.media.hls;

import java.time.Instant;
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
  private static final long TICKS_PER_MILLI = 90;
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(ZoneOffset.UTC);

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
        sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(DATE_TIME.format(Instant.ofEpochMilli(s.programDateTimeMillis()))).append('\n');
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
