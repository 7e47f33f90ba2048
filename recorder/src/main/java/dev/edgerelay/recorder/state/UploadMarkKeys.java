package dev.edgerelay.recorder.state;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.ChannelKeyPart;
import java.nio.ByteBuffer;

/**
 * Key layout of the state's {@code upload_marks} family: {@code [channel: 68]} for a channel's mark, and the single
 * byte {@link #SINCE} for when marks began to be kept. The lengths differ, so the two never meet; values are one
 * 8-byte big-endian epoch-millis.
 */
public final class UploadMarkKeys {
  /** The key of the time marks began to be kept. */
  static final byte[] SINCE = {0};

  private UploadMarkKeys() {}

  public static byte[] key(ChannelRef channel) {
    ByteBuffer b = ByteBuffer.allocate(ChannelKeyPart.SIZE);
    ChannelKeyPart.write(channel, b);
    return b.array();
  }

  static byte[] value(long millis) {
    return ByteBuffer.allocate(Long.BYTES).putLong(millis).array();
  }

  static long millis(byte[] value) {
    return ByteBuffer.wrap(value).getLong();
  }
}
