package dev.edgerelay.relay.vod;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.http.ApiError;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recorded time range of one channel as rvod URLs name it (spec 4.1): {@code {dev}-{ch}-{begin}-{end}}
 * with 14-digit (or 12-digit) times. The HLS route ({@code /rvod/{name}/index.m3u8}) and the RTMP app
 * ({@code rtmp://node/rvod/{name}}) parse it here, so both accept exactly the same names.
 */
public record RangeName(ChannelRef channel, TimeRange range) {
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9]{1,64}-\\d{1,9})-(\\d{12}|\\d{14})-(\\d{12}|\\d{14})");

  /** Parses {@code name}; throws the API's answer (bad parameter, or not found for a bad channel) otherwise. */
  public static RangeName parse(String name, String where, ZoneId zone) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw ApiError.invalid("bad rvod name in " + where
          + ": it is {device_id}-{channel_id}-{begin}-{end} with 14-digit (or 12-digit) times").exception();
    }
    return new RangeName(VodAccess.channel(m.group(1), where), TimeRange.ofDigits(m.group(2), m.group(3), zone));
  }
}
