package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;

/**
 * CRC-32 of PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7, initial value
 * 0xFFFFFFFF, no bit reflection, no final XOR. Not {@link java.util.zip.CRC32}, which reflects.
 */
public final class Crc32Mpeg {
  private static final int POLYNOMIAL = 0x04C11DB7;
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i << 24;
      for (int k = 0; k < 8; k++) {
        c = (c & 0x80000000) != 0 ? (c << 1) ^ POLYNOMIAL : c << 1;
      }
      TABLE[i] = c;
    }
  }

  private Crc32Mpeg() {
  }

  /** CRC of {@code length} bytes of {@code buf} from {@code offset}; over a section plus its CRC the result is 0. */
  public static int compute(ByteBuf buf, int offset, int length) {
    int crc = 0xFFFFFFFF;
    for (int i = offset; i < offset + length; i++) {
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ buf.getUnsignedByte(i)) & 0xFF];
    }
    return crc;
  }
}
