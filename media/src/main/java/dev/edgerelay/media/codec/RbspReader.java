package dev.edgerelay.media.codec;

/**
 * Reads bits of a NAL unit's payload (RBSP), skipping emulation prevention bytes (H.264 7.4.1:
 * a 0x03 after two zero bytes is not data), with Exp-Golomb codes (H.264 9.1).
 * Reading past the end throws {@link IllegalArgumentException}: the caller turns it into "malformed".
 */
final class RbspReader {
  private final byte[] data;
  private final int end;
  private int pos; // byte position of the next unread byte
  private int bit = 8; // bits left in current
  private int current;
  private int zeros;
  private final boolean unescape;

  /** @param unescape true for NAL payloads (drop emulation prevention bytes), false for plain bit strings */
  RbspReader(byte[] data, int offset, int length, boolean unescape) {
    this.data = data;
    this.unescape = unescape;
    this.pos = offset;
    this.end = offset + length;
  }

  int readBit() {
    if (bit == 8) {
      current = nextByte();
    }
    bit--;
    int v = (current >> bit) & 1;
    if (bit == 0) {
      bit = 8;
    }
    return v;
  }

  boolean readFlag() {
    return readBit() == 1;
  }

  long readBits(int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 1) | readBit();
    }
    return v;
  }

  void skipBits(int n) {
    for (int i = 0; i < n; i++) {
      readBit();
    }
  }

  /** ue(v): unsigned Exp-Golomb (9.1). */
  int readUe() {
    int leadingZeros = 0;
    while (readBit() == 0) {
      if (++leadingZeros > 31) {
        throw new IllegalArgumentException("Exp-Golomb code longer than 32 bits");
      }
    }
    return (int) ((1L << leadingZeros) - 1 + readBits(leadingZeros));
  }

  /** se(v): signed Exp-Golomb (9.1.1). */
  int readSe() {
    int k = readUe();
    return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
  }

  private int nextByte() {
    if (pos >= end) {
      throw new IllegalArgumentException("read past the end of the RBSP");
    }
    int b = data[pos++] & 0xFF;
    if (unescape && zeros >= 2 && b == 3) { // emulation_prevention_three_byte
      zeros = 0;
      if (pos >= end) {
        throw new IllegalArgumentException("read past the end of the RBSP");
      }
      b = data[pos++] & 0xFF;
    }
    zeros = b == 0 ? zeros + 1 : 0;
    return b;
  }
}
