package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.platform.model.PlayAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The URLs the spec leaves to clients to assemble (spec 4.1, 4.2, 4.3, 6.1; API-NOTES
 * "play_address"). Live and rvod RTMP take the token raw after {@code ?}; HLS live appends it raw
 * too; preload, thumbnail and VOD HLS take it as {@code token=}.
 */
public final class PlatformUrls {
  /** Spec 4.2: "idle cleaning time (s), maximum 120". */
  public static final int MAX_PRELOAD_IDLE_SECONDS = 120;
  /** rvod times as the official clients write them (14 digits). */
  public static final DateTimeFormatter RVOD_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  /** rvod times as the document's example writes them (12 digits); accepted, never sent. */
  public static final DateTimeFormatter RVOD_TIME_MINUTES = DateTimeFormatter.ofPattern("yyyyMMddHHmm");

  private PlatformUrls() {}

  /** {@code {type}://{addr}/live/{dev}-{ch}?{accessToken}}, type rtmp or rtmpe. */
  public static String liveRtmp(PlayAddress address, String deviceId, int channelId) {
    return rtmpScheme(address) + "://" + address.addr() + "/live/" + deviceId + "-" + channelId
        + "?" + address.accessToken();
  }

  /** {@code rtmp://{addr}/rvod/{dev}-{ch}-{begin}-{end}?{token}}, times as 14 digits. */
  public static String rvodRtmp(PlayAddress address, String deviceId, int channelId, LocalDateTime begin,
      LocalDateTime end) {
    if (!end.isAfter(begin)) {
      throw new IllegalArgumentException("rvod end " + end + " must be after begin " + begin);
    }
    return rtmpScheme(address) + "://" + address.addr() + "/rvod/" + deviceId + "-" + channelId + "-"
        + RVOD_TIME.format(begin) + "-" + RVOD_TIME.format(end) + "?" + address.accessToken();
  }

  /** {@code http://{addr}/live/live_{dev}_{ch}/index.m3u8?{accessToken}} (https when type says so). */
  public static String liveHls(PlayAddress address, String deviceId, int channelId) {
    return hlsBase(address, deviceId, channelId) + "/index.m3u8?" + address.accessToken();
  }

  /** Spec 4.2: {@code .../live/live_{dev}_{ch}/preload?token=...&idle_time=n}, n in [1, 120]. */
  public static String preload(PlayAddress address, String deviceId, int channelId, int idleSeconds) {
    if (idleSeconds < 1 || idleSeconds > MAX_PRELOAD_IDLE_SECONDS) {
      throw new IllegalArgumentException("idle_time must be in [1, " + MAX_PRELOAD_IDLE_SECONDS + "] s, got " + idleSeconds);
    }
    return hlsBase(address, deviceId, channelId) + "/preload?token=" + encode(address.accessToken())
        + "&idle_time=" + idleSeconds;
  }

  /**
   * Spec 4.3: {@code http://{coveraddr}/live_preview/{dev}_{ch}?token=...}. Revisions without
   * {@code coveraddr} serve thumbnails from the play host, so {@code addr} stands in for it.
   */
  public static String thumbnail(PlayAddress address, String deviceId, int channelId) {
    String host = address.coverAddr() != null && !address.coverAddr().isEmpty() ? address.coverAddr() : address.addr();
    return "http://" + host + "/live_preview/" + deviceId + "_" + channelId + "?token=" + encode(address.accessToken());
  }

  /** Spec 6.1: HLS play URL plus {@code token=} as an ordinary query parameter. */
  public static String vodHls(String hlsUrl, String token) {
    return hlsUrl + (hlsUrl.contains("?") ? "&" : "?") + "token=" + encode(token);
  }

  /** Spec 6.1: "The Rtmp protocol splices token content directly behind '?'". */
  public static String vodRtmp(String rtmpUrl, String token) {
    return rtmpUrl + "?" + token;
  }

  /** Reads an rvod time in either form (14 digits from clients, 12 in the document). */
  public static LocalDateTime parseRvodTime(String digits) {
    try {
      if (digits.length() == 14) {
        return LocalDateTime.parse(digits, RVOD_TIME);
      }
      if (digits.length() == 12) {
        return LocalDateTime.parse(digits, RVOD_TIME_MINUTES);
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("rvod time is not yyyyMMddHHmm[ss]: '" + digits + "'", e);
    }
    throw new IllegalArgumentException("rvod time must have 12 or 14 digits, got '" + digits + "'");
  }

  private static String hlsBase(PlayAddress address, String deviceId, int channelId) {
    String scheme = "https".equals(address.type()) ? "https" : "http";
    return scheme + "://" + address.addr() + "/live/live_" + deviceId + "_" + channelId;
  }

  private static String rtmpScheme(PlayAddress address) {
    return "rtmpe".equals(address.type()) ? "rtmpe" : "rtmp";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
