package dev.edgerelay.recorder.state;

import dev.edgerelay.recorder.index.KeyRange;
import java.nio.ByteBuffer;

/**
 * Key layout of the state's {@code outbox} family (uploads waiting for object storage): {@code [sequence: 8 BE]},
 * so the outbox drains first in, first out.
 */
public final class OutboxKeys {
  public static final int SIZE = Long.BYTES;

  private OutboxKeys() {}

  public static byte[] key(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
    }
    return ByteBuffer.allocate(SIZE).putLong(sequence).array();
  }

  public static long sequence(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }

  /** Entries from {@code sequence} on. */
  public static KeyRange from(long sequence) {
    return new KeyRange(key(sequence), null);
  }
}
