package dev.edgerelay.relay.hub;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device-channel: the unit the platform streams, and the name of one {@link Stream}. Written
 * {@code {device_id}-{channel_id}} in RTMP paths and {@code live_{device_id}_{channel_id}} in HLS
 * paths (spec 4.1); thumbnails accept both separators (spec 4.3).
 */
public record StreamKey(String deviceId, int channelId) {
  /** Device ids are the platform's numeric strings; letters are tolerated for LAN cameras. */
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final Pattern DASHED = Pattern.compile("([A-Za-z0-9]{1,64})[-_](\\d{1,9})");
  private static final Pattern HLS_DIR = Pattern.compile("live_([A-Za-z0-9]{1,64})_(\\d{1,9})");

  public StreamKey {
    Objects.requireNonNull(deviceId, "deviceId");
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      throw new IllegalArgumentException("device_id must be 1 to 64 letters or digits, got '" + deviceId + "'");
    }
    if (channelId < 0) {
      throw new IllegalArgumentException("channel_id must not be negative, got " + channelId);
    }
  }

  /** Parses {@code dev-ch} or {@code dev_ch}; null when the text is neither. */
  public static StreamKey parseDashed(String text) {
    Matcher m = DASHED.matcher(text);
    return m.matches() ? new StreamKey(m.group(1), Integer.parseInt(m.group(2))) : null;
  }

  /** Parses the HLS directory name {@code live_dev_ch}; null when the text is not one. */
  public static StreamKey parseHlsDirectory(String text) {
    Matcher m = HLS_DIR.matcher(text);
    return m.matches() ? new StreamKey(m.group(1), Integer.parseInt(m.group(2))) : null;
  }

  /** {@code dev-ch}, the RTMP stream name. */
  public String rtmpName() {
    return deviceId + "-" + channelId;
  }

  /** {@code live_dev_ch}, the HLS directory. */
  public String hlsDirectory() {
    return "live_" + deviceId + "_" + channelId;
  }

  @Override
  public String toString() {
    return rtmpName();
  }
}
