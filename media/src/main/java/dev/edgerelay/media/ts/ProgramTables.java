package dev.edgerelay.media.ts;

import dev.edgerelay.media.Codec;
import io.netty.buffer.ByteBuf;

/**
 * Writes the PAT and PMT (ISO/IEC 13818-1 2.4.4.3 and 2.4.4.8), each as one TS packet with
 * pointer_field 0 and 0xFF stuffing. One program (number 1) with at most one video and one audio stream.
 */
public final class ProgramTables {
  /** Table 2-34 stream_type values. */
  public static final int STREAM_TYPE_H264 = 0x1B;
  public static final int STREAM_TYPE_HEVC = 0x24;
  public static final int STREAM_TYPE_AAC_ADTS = 0x0F;
  private static final int PROGRAM_NUMBER = 1;
  private static final int TRANSPORT_STREAM_ID = 1;
  /** 0xFF fills a PSI packet after the section (2.4.4: stuffing bytes after the last section). */
  private static final byte[] STUFFING = TsPacketizer.filled(TsPacket.SIZE, (byte) 0xFF);

  private ProgramTables() {
  }

  public static void writePat(int continuityCounter, ByteBuf out) {
    int start = beginSection(TsPacket.PAT_PID, continuityCounter, out);
    out.writeByte(0x00) // table_id: program_association_section
        .writeShort(0xB000 | 13) // section_syntax_indicator 1, '0', reserved 11, section_length 13
        .writeShort(TRANSPORT_STREAM_ID)
        .writeByte(0xC1) // reserved 11, version_number 0, current_next_indicator 1
        .writeByte(0) // section_number
        .writeByte(0) // last_section_number
        .writeShort(PROGRAM_NUMBER)
        .writeShort(0xE000 | TsPacket.PMT_PID); // reserved 111, program_map_PID
    endSection(start, out);
  }

  /** @param video the video codec or null; @param audio true when an AAC stream is present */
  public static void writePmt(Codec video, boolean audio, int continuityCounter, ByteBuf out) {
    int start = beginSection(TsPacket.PMT_PID, continuityCounter, out);
    int streams = (video != null ? 1 : 0) + (audio ? 1 : 0);
    int pcrPid = video != null ? TsPacket.VIDEO_PID : TsPacket.AUDIO_PID;
    out.writeByte(0x02) // table_id: TS_program_map_section
        .writeShort(0xB000 | (13 + 5 * streams)) // syntax 1, '0', reserved 11, section_length (9 + 5 per stream + CRC)
        .writeShort(PROGRAM_NUMBER)
        .writeByte(0xC1) // reserved 11, version_number 0, current_next_indicator 1
        .writeByte(0) // section_number
        .writeByte(0) // last_section_number
        .writeShort(0xE000 | pcrPid) // reserved 111, PCR_PID
        .writeShort(0xF000); // reserved 1111, program_info_length 0
    if (video != null) {
      writeStream(video == Codec.HEVC ? STREAM_TYPE_HEVC : STREAM_TYPE_H264, TsPacket.VIDEO_PID, out);
    }
    if (audio) {
      writeStream(STREAM_TYPE_AAC_ADTS, TsPacket.AUDIO_PID, out);
    }
    endSection(start, out);
  }

  private static void writeStream(int streamType, int pid, ByteBuf out) {
    out.writeByte(streamType).writeShort(0xE000 | pid).writeShort(0xF000); // reserved 111 + PID, reserved 1111 + ES_info_length 0
  }

  private static int beginSection(int pid, int continuityCounter, ByteBuf out) {
    out.writeByte(TsPacket.SYNC_BYTE)
        .writeShort(0x4000 | pid) // payload_unit_start_indicator 1
        .writeByte(0x10 | (continuityCounter & 0x0F)) // adaptation_field_control 01: payload only
        .writeByte(0); // pointer_field: the section starts right here
    return out.writerIndex();
  }

  private static void endSection(int sectionStart, ByteBuf out) {
    out.writeInt(Crc32Mpeg.compute(out, sectionStart, out.writerIndex() - sectionStart));
    int packetEnd = sectionStart - 5 + TsPacket.SIZE;
    out.writeBytes(STUFFING, 0, packetEnd - out.writerIndex());
  }
}
