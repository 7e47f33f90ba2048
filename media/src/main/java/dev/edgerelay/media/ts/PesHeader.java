package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;

/** The PES packet header (ISO/IEC 13818-1 2.4.3.6/2.4.3.7) with PTS and, when it differs, DTS. */
public final class PesHeader {
  /** Table 2-22 stream_id: first video and first audio stream. */
  public static final int STREAM_ID_VIDEO = 0xE0;
  public static final int STREAM_ID_AUDIO = 0xC0;
  /** PES_packet_length is 16 bits; 0 (unbounded) is allowed only for video in a TS (2.4.3.7). */
  public static final int MAX_PES_PACKET_LENGTH = 0xFFFF;
  /** Bytes after PES_packet_length that precede PES_header_data_length's data. */
  private static final int OPTIONAL_FIXED = 3;
  private static final int FIXED = 6;

  private PesHeader() {
  }

  /** Total header size in bytes for the given timestamps. */
  public static int size(boolean withDts) {
    return FIXED + OPTIONAL_FIXED + (withDts ? 10 : 5);
  }

  /**
   * Writes the header. {@code esLength} is the payload size after the header; when the packet would
   * not fit the 16-bit length field, PES_packet_length is 0 (allowed for video only; callers cap audio).
   */
  public static void write(int streamId, long pts, long dts, boolean withDts, int esLength, ByteBuf out) {
    int afterLength = OPTIONAL_FIXED + (withDts ? 10 : 5) + esLength;
    out.writeMedium(0x000001) // packet_start_code_prefix
        .writeByte(streamId)
        .writeShort(afterLength > MAX_PES_PACKET_LENGTH ? 0 : afterLength) // PES_packet_length
        .writeByte(0x84) // '10', scrambling 00, priority 0, data_alignment_indicator 1, copyright 0, original 0
        .writeByte(withDts ? 0xC0 : 0x80) // PTS_DTS_flags 11 or 10, no ESCR/ES_rate/trick/CRC/extension
        .writeByte(withDts ? 10 : 5); // PES_header_data_length
    writeTimestamp(withDts ? 0x3 : 0x2, pts, out);
    if (withDts) {
      writeTimestamp(0x1, dts, out);
    }
  }

  /** 2.4.3.7: 4-bit prefix, then the 33 bits as 3 + 15 + 15 with a marker bit after each part. */
  static void writeTimestamp(int prefix, long ts, ByteBuf out) {
    long t = ts & TsPacket.TIMESTAMP_MASK;
    out.writeByte((int) (prefix << 4 | (t >> 29) & 0x0E | 1))
        .writeShort((int) ((t >> 14) & 0xFFFE | 1))
        .writeShort((int) ((t << 1) & 0xFFFE | 1));
  }
}
