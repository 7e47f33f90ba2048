package dev.edgerelay.recorder.state;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.ChannelKeyPart;
import java.nio.ByteBuffer;

/**
 * Key layout of the state's {@code intents} family (channels asked to record, which resume after a restart):
 * {@code [channel: 68]}, the channel part every per-channel key starts with; the value is empty.
 */
public final class IntentKeys {
  public static final int SIZE = ChannelKeyPart.SIZE;

  private IntentKeys() {}

  public static byte[] key(ChannelRef channel) {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    ChannelKeyPart.write(channel, b);
    return b.array();
  }

  public static ChannelRef channel(byte[] key) {
    return ChannelKeyPart.read(ByteBuffer.wrap(key));
  }
}
