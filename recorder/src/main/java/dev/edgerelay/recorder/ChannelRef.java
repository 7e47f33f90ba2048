package dev.edgerelay.recorder;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A recorded device-channel as the recorder sees it. The recorder knows nothing of streams or the
 * platform (docs/architecture.md, modules): this is the relay's stream key reduced to what names files and keys.
 */
public record ChannelRef(String deviceId, int channelId) implements Comparable<ChannelRef> {
  /** Device ids are the platform's numeric strings; letters are tolerated for LAN cameras. */
  public static final int MAX_DEVICE_ID_LENGTH = 64;
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9]{1," + MAX_DEVICE_ID_LENGTH + "}");

  public ChannelRef {
    Objects.requireNonNull(deviceId, "deviceId");
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      throw new IllegalArgumentException("device_id must be 1 to 64 letters or digits, got '" + deviceId + "'");
    }
    if (channelId < 0) {
      throw new IllegalArgumentException("channel_id must not be negative, got " + channelId);
    }
  }

  /** Same order as the index's keys: device id bytes, then channel number. */
  @Override
  public int compareTo(ChannelRef o) {
    int c = deviceId.compareTo(o.deviceId);
    return c != 0 ? c : Integer.compare(channelId, o.channelId);
  }

  @Override
  public String toString() {
    return deviceId + "-" + channelId;
  }
}
