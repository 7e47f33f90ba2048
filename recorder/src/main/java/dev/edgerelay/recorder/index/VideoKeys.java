package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.ByteBuffer;

/**
 * Key layout of the {@code videos} family: {@code [channel: 68][videoId: 8 BE]}. A video id is the
 * start millis of its recording session's first segment, so ids of one channel are unique and sort by
 * time; the id stays when retention moves the video's start forward.
 */
public final class VideoKeys {
  public static final int SIZE = ChannelKeyPart.SIZE + Long.BYTES;

  private VideoKeys() {}

  public static byte[] key(ChannelRef channel, long videoId) {
    return ByteBuffer.allocate(SIZE).put(SegmentKeys.prefix(channel)).putLong(videoId).array();
  }

  public static ChannelRef channel(byte[] key) {
    return ChannelKeyPart.read(ByteBuffer.wrap(key));
  }

  public static long videoId(byte[] key) {
    return ByteBuffer.wrap(key).getLong(ChannelKeyPart.SIZE);
  }

  /** Every video of {@code channel}, oldest first. */
  public static KeyRange channel(ChannelRef channel) {
    return KeyRange.prefix(SegmentKeys.prefix(channel));
  }

  /** Videos of {@code channel} whose id (session start) is before {@code toMillis}. */
  public static KeyRange startedBefore(ChannelRef channel, long toMillis) {
    return new KeyRange(SegmentKeys.prefix(channel), key(channel, Math.max(0, toMillis)));
  }
}
