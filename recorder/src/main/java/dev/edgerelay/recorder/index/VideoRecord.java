package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A "video" of the spec's VOD API (6.1-6.5): one recording session of one channel. Value layout:
 * {@code [startMillis: 8][endMillis: 8][sizeBytes: 8][segments: 4][nameLength: 2][name: UTF-8]}.
 *
 * @param videoId the session's first start millis; stays when retention moves {@code startMillis} forward
 */
public record VideoRecord(ChannelRef channel, long videoId, String name, long startMillis, long endMillis,
    long sizeBytes, int segments) {
  /** Spec 6.4 rename_video: names up to 256 characters (the emulator's bound too). */
  public static final int MAX_NAME_LENGTH = 256;
  /** Bytes of the value before the name: start, end, size, segment count, name length. */
  static final int FIXED_BYTES = 30;

  public long durationMillis() {
    return endMillis - startMillis;
  }

  VideoRecord withName(String newName) {
    return new VideoRecord(channel, videoId, newName, startMillis, endMillis, sizeBytes, segments);
  }

  byte[] value() {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(FIXED_BYTES + n.length).putLong(startMillis).putLong(endMillis).putLong(sizeBytes)
        .putInt(segments).putShort((short) n.length).put(n).array();
  }

  /** The start millis in a value, read without decoding the rest. */
  static long startMillis(byte[] value) {
    return ByteBuffer.wrap(value).getLong(0);
  }

  static VideoRecord decode(byte[] key, byte[] value) {
    return decode(VideoKeys.channel(key), key, value);
  }

  static VideoRecord decode(ChannelRef channel, byte[] key, byte[] value) {
    ByteBuffer v = ByteBuffer.wrap(value);
    long start = v.getLong();
    long end = v.getLong();
    long size = v.getLong();
    int segments = v.getInt();
    byte[] n = new byte[v.getShort() & 0xFFFF];
    v.get(n);
    return new VideoRecord(channel, VideoKeys.videoId(key), new String(n, StandardCharsets.UTF_8),
        start, end, size, segments);
  }
}
