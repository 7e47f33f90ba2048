package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.ByteBuffer;

/**
 * One recorded segment file as the index holds it. Value layout:
 * {@code [durationMillis: 8][sizeBytes: 8][videoId: 8][flags: 1]}, flag bit 0 = discontinuity before it.
 *
 * @param videoId the recording session (video) this segment belongs to, see {@link VideoKeys}
 */
public record SegmentRecord(ChannelRef channel, long startMillis, long durationMillis, long sizeBytes, long videoId,
    boolean discontinuity) {
  static final int VALUE_SIZE = 8 + 8 + 8 + 1;
  private static final int FLAG_DISCONTINUITY = 1;

  public long endMillis() {
    return startMillis + durationMillis;
  }

  public byte[] key() {
    return SegmentKeys.key(channel, startMillis);
  }

  byte[] value() {
    return ByteBuffer.allocate(VALUE_SIZE).putLong(durationMillis).putLong(sizeBytes).putLong(videoId)
        .put((byte) (discontinuity ? FLAG_DISCONTINUITY : 0)).array();
  }

  static SegmentRecord decode(byte[] key, byte[] value) {
    return decode(SegmentKeys.channel(key), key, value);
  }

  /** Decodes a key known to belong to {@code channel}: range scans skip re-parsing (and re-validating) the id. */
  static SegmentRecord decode(ChannelRef channel, byte[] key, byte[] value) {
    ByteBuffer v = ByteBuffer.wrap(value);
    return new SegmentRecord(channel, SegmentKeys.startMillis(key), v.getLong(), v.getLong(),
        v.getLong(), (v.get() & FLAG_DISCONTINUITY) != 0);
  }
}
