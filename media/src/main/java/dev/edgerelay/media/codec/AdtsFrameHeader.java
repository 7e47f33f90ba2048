package dev.edgerelay.media.codec;

import io.netty.buffer.ByteBuf;

/**
 * The fields of an ADTS header (ISO/IEC 14496-3 1.A.2.2.1, also 13818-7 6.2) that split an ADTS stream
 * into raw AAC frames: the inverse of {@link AdtsHeader}.
 *
 * @param config the core-layer configuration the header announces
 * @param headerLength 7, or 9 when a CRC follows (protection_absent 0)
 * @param frameLength the whole frame, header included
 */
public record AdtsFrameHeader(AudioSpecificConfig config, int headerLength, int frameLength) {
  /** Header bytes before the optional CRC. */
  public static final int FIXED_LENGTH = 7;
  private static final int CRC_LENGTH = 2;
  /** Table 1.18 holds 13 rates; 13 and 14 are reserved, 15 (explicit) cannot appear in ADTS. */
  private static final int SAMPLING_INDEXES = 13;

  /** Raw frame bytes after the header. */
  public int payloadLength() {
    return frameLength - headerLength;
  }

  /**
   * Reads the header at {@code index}; null when fewer than 7 bytes remain or the bytes are not a
   * usable header (no syncword, reserved rate, channel configuration 0, more than one raw data block,
   * a frame_length shorter than its own header).
   */
  public static AdtsFrameHeader read(ByteBuf buf, int index) {
    if (buf.writerIndex() - index < FIXED_LENGTH) {
      return null;
    }
    int b1 = buf.getUnsignedByte(index + 1);
    if (buf.getUnsignedByte(index) != 0xFF || (b1 & 0xF6) != 0xF0) { // syncword 0xFFF, layer 00
      return null;
    }
    int b2 = buf.getUnsignedByte(index + 2);
    int b3 = buf.getUnsignedByte(index + 3);
    int profile = b2 >> 6; // profile_ObjectType: object type minus one
    int samplingIndex = (b2 >> 2) & 0x0F;
    int channels = (b2 & 0x01) << 2 | b3 >> 6;
    int frameLength = (b3 & 0x03) << 11 | buf.getUnsignedByte(index + 4) << 3 | buf.getUnsignedByte(index + 5) >> 5;
    int rawBlocks = buf.getUnsignedByte(index + 6) & 0x03; // number_of_raw_data_blocks_in_frame
    int headerLength = (b1 & 0x01) == 1 ? FIXED_LENGTH : FIXED_LENGTH + CRC_LENGTH;
    if (samplingIndex >= SAMPLING_INDEXES || channels == 0 || rawBlocks != 0 || frameLength <= headerLength) {
      return null;
    }
    return new AdtsFrameHeader(new AudioSpecificConfig(profile + 1, samplingIndex, channels), headerLength, frameLength);
  }
}
