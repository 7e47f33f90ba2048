package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.ByteBuffer;

/**
 * Key layout of the {@code meta} family, several layouts in one space told apart by a one-byte prefix:
 * {@code [0x01]} the schema version; {@code [0x02][channel: 68]} a channel that records (survives a
 * restart of the node, issue 6).
 */
public final class MetaKeys {
  static final byte SCHEMA_VERSION = 0x01;
  static final byte RECORDING = 0x02;

  private MetaKeys() {}

  public static byte[] schemaVersion() {
    return new byte[] {SCHEMA_VERSION};
  }

  public static byte[] recording(ChannelRef channel) {
    ByteBuffer b = ByteBuffer.allocate(1 + ChannelKeyPart.SIZE).put(RECORDING);
    ChannelKeyPart.write(channel, b);
    return b.array();
  }

  public static ChannelRef recordingChannel(byte[] key) {
    ByteBuffer b = ByteBuffer.wrap(key);
    if (b.get() != RECORDING) {
      throw new IllegalArgumentException("not a recording key");
    }
    return ChannelKeyPart.read(b);
  }

  /** Every recording-channel key. */
  public static KeyRange recordings() {
    return KeyRange.prefix(new byte[] {RECORDING});
  }
}
