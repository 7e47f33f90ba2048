package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The channel part every per-channel key starts with: the device id in {@value #DEVICE_BYTES} bytes,
 * right-padded with 0x00 (ids are letters and digits, so a shorter id sorts first), then the channel
 * number as a 4-byte big-endian int. Fixed width, so the fields after it compare in byte order.
 */
public final class ChannelKeyPart {
  public static final int DEVICE_BYTES = ChannelRef.MAX_DEVICE_ID_LENGTH;
  public static final int SIZE = DEVICE_BYTES + Integer.BYTES;

  private ChannelKeyPart() {}

  public static void write(ChannelRef channel, ByteBuffer out) {
    byte[] id = channel.deviceId().getBytes(StandardCharsets.US_ASCII);
    out.put(id);
    for (int i = id.length; i < DEVICE_BYTES; i++) {
      out.put((byte) 0);
    }
    out.putInt(channel.channelId());
  }

  public static ChannelRef read(ByteBuffer in) {
    byte[] id = new byte[DEVICE_BYTES];
    in.get(id);
    int length = 0;
    while (length < DEVICE_BYTES && id[length] != 0) {
      length++;
    }
    return new ChannelRef(new String(id, 0, length, StandardCharsets.US_ASCII), in.getInt());
  }
}
