package dev.edgerelay.media.codec;

import io.netty.buffer.ByteBuf;

/**
 * Builds the 7-byte ADTS header (ISO/IEC 14496-3 1.A.2.2.1, also 13818-7 6.2) that turns a raw AAC
 * frame into something an MPEG-TS stream_type 0x0F decoder can read. No CRC (protection_absent = 1).
 */
public final class AdtsHeader {
  public static final int LENGTH = 7;
  /** frame_length is 13 bits and counts the header too. */
  public static final int MAX_FRAME_LENGTH = (1 << 13) - 1;
  /** A raw frame longer than this cannot be framed by ADTS. */
  public static final int MAX_PAYLOAD = MAX_FRAME_LENGTH - LENGTH;

  private AdtsHeader() {
  }

  /** Writes the header for a raw frame of {@code payloadLength} bytes; throws when it does not fit 13 bits. */
  public static void write(AudioSpecificConfig config, int payloadLength, ByteBuf out) {
    if (payloadLength > MAX_PAYLOAD) {
      throw new IllegalArgumentException("AAC frame of " + payloadLength + " bytes exceeds ADTS frame_length");
    }
    int frameLength = payloadLength + LENGTH;
    int profile = config.objectType() - 1; // profile_ObjectType: object type minus one
    int channels = config.channelConfiguration();
    out.writeByte(0xFF) // syncword 0xFFF (high 8 bits)
        .writeByte(0xF1) // syncword low 4 bits, ID 0 (MPEG-4), layer 00, protection_absent 1
        .writeByte(profile << 6 | config.samplingIndex() << 2 | (channels >> 2) & 0x01) // profile, sampling index, private 0, channel bit 2
        .writeByte((channels & 0x03) << 6 | (frameLength >> 11) & 0x03) // channel bits 1..0, original/copy, home, copyright bits 0, frame_length 12..11
        .writeByte((frameLength >> 3) & 0xFF) // frame_length 10..3
        .writeByte((frameLength & 0x07) << 5 | 0x1F) // frame_length 2..0, buffer fullness 0x7FF (VBR) high 5 bits
        .writeByte(0xFC); // buffer fullness low 6 bits, number_of_raw_data_blocks_in_frame 0 (one block)
  }
}
