package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.ByteBuffer;

/**
 * Key layout of the {@code segments} family: {@code [channel: 68][startMillis: 8 BE]}. Byte order is
 * channel, then time, so one channel's segments are one range in start order.
 */
public final class SegmentKeys {
  public static final int SIZE = ChannelKeyPart.SIZE + Long.BYTES;

  private SegmentKeys() {}

  public static byte[] key(ChannelRef channel, long startMillis) {
    if (startMillis < 0) {
      throw new IllegalArgumentException("startMillis must not be negative, got " + startMillis);
    }
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    ChannelKeyPart.write(channel, b);
    return b.putLong(startMillis).array();
  }

  public static ChannelRef channel(byte[] key) {
    return ChannelKeyPart.read(ByteBuffer.wrap(key));
  }

  public static long startMillis(byte[] key) {
    return ByteBuffer.wrap(key).getLong(ChannelKeyPart.SIZE);
  }

  /** Every segment of {@code channel}. */
  public static KeyRange channel(ChannelRef channel) {
    return KeyRange.prefix(prefix(channel));
  }

  /** Segments of {@code channel} starting in {@code [fromMillis, toMillis)}. */
  public static KeyRange startingIn(ChannelRef channel, long fromMillis, long toMillis) {
    return new KeyRange(key(channel, Math.max(0, fromMillis)), key(channel, Math.max(0, toMillis)));
  }

  static byte[] prefix(ChannelRef channel) {
    ByteBuffer b = ByteBuffer.allocate(ChannelKeyPart.SIZE);
    ChannelKeyPart.write(channel, b);
    return b.array();
  }
}
