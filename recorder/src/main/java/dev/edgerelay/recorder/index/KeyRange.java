package dev.edgerelay.recorder.index;

import java.util.Arrays;

/**
 * A half-open key range {@code [from, to)} in RocksDB's bytewise order: a prefix scan is
 * {@code [prefix, next(prefix))} (STYLE.md, storage).
 */
public record KeyRange(byte[] from, byte[] to) {
  /** Every key that starts with {@code prefix}. */
  public static KeyRange prefix(byte[] prefix) {
    return new KeyRange(prefix.clone(), next(prefix));
  }

  /** The smallest key greater than every key starting with {@code prefix}; null when there is none (all 0xFF). */
  public static byte[] next(byte[] prefix) {
    byte[] next = Arrays.copyOf(prefix, prefix.length);
    for (int i = next.length - 1; i >= 0; i--) {
      if (next[i] != (byte) 0xFF) {
        next[i]++;
        return Arrays.copyOf(next, i + 1);
      }
    }
    return null;
  }

  /** True when {@code key} lies in the range. */
  public boolean contains(byte[] key) {
    return Arrays.compareUnsigned(key, from) >= 0 && (to == null || Arrays.compareUnsigned(key, to) < 0);
  }
}
