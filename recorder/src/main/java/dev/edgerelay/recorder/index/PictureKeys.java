package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.ByteBuffer;

/**
 * Key layout of the {@code pictures} family (snapshots, spec 5.x): {@code [channel: 68][takenMillis: 8 BE]},
 * so one channel's pictures are one range in time order.
 */
public final class PictureKeys {
  public static final int SIZE = ChannelKeyPart.SIZE + Long.BYTES;

  private PictureKeys() {}

  public static byte[] key(ChannelRef channel, long takenMillis) {
    return ByteBuffer.allocate(SIZE).put(SegmentKeys.prefix(channel)).putLong(takenMillis).array();
  }

  public static long takenMillis(byte[] key) {
    return ByteBuffer.wrap(key).getLong(ChannelKeyPart.SIZE);
  }

  /** Pictures of {@code channel} taken in {@code [fromMillis, toMillis)}. */
  public static KeyRange takenIn(ChannelRef channel, long fromMillis, long toMillis) {
    return new KeyRange(key(channel, Math.max(0, fromMillis)), key(channel, Math.max(0, toMillis)));
  }
}
