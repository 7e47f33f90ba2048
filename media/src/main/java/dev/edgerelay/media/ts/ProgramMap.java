package dev.edgerelay.media.ts;

import dev.edgerelay.media.Codec;
import io.netty.buffer.ByteBuf;

/**
 * What a demuxer needs from the PAT and PMT (ISO/IEC 13818-1 2.4.4.3, 2.4.4.8): the PMT's PID and the
 * first video (H.264 or HEVC) and first AAC stream of the program. Other streams are ignored.
 *
 * @param videoPid -1 when there is no video
 * @param audioPid -1 when there is no ADTS AAC
 */
record ProgramMap(int videoPid, Codec video, int audioPid) {
  static final int NONE = -1;
  private static final int TABLE_PAT = 0x00;
  private static final int TABLE_PMT = 0x02;
  /** table_id .. last_section_number: the fields before a PAT's program loop. */
  private static final int PAT_HEAD = 8;
  /** Up to program_info_length inclusive. */
  private static final int PMT_HEAD = 12;
  private static final int ES_ENTRY = 5;

  /** The program_map_PID of the first program in a PAT section (CRC removed), or {@link #NONE}. */
  static int pmtPid(ByteBuf pat) {
    if (pat.getUnsignedByte(0) != TABLE_PAT) {
      return NONE;
    }
    for (int i = PAT_HEAD; i + 4 <= pat.writerIndex(); i += 4) {
      int program = pat.getUnsignedShort(i);
      if (program != 0) { // program 0 points at the network information table
        return pat.getUnsignedShort(i + 2) & 0x1FFF;
      }
    }
    return NONE;
  }

  /** The streams of a PMT section (CRC removed), or null when it is not one. */
  static ProgramMap of(ByteBuf pmt) {
    int end = pmt.writerIndex();
    if (pmt.getUnsignedByte(0) != TABLE_PMT || end < PMT_HEAD) {
      return null;
    }
    int i = PMT_HEAD + (pmt.getUnsignedShort(10) & 0x0FFF); // skip the program descriptors
    int videoPid = NONE;
    Codec video = null;
    int audioPid = NONE;
    while (i + ES_ENTRY <= end) {
      int type = pmt.getUnsignedByte(i);
      int pid = pmt.getUnsignedShort(i + 1) & 0x1FFF;
      if (videoPid == NONE && (type == ProgramTables.STREAM_TYPE_H264 || type == ProgramTables.STREAM_TYPE_HEVC)) {
        videoPid = pid;
        video = type == ProgramTables.STREAM_TYPE_HEVC ? Codec.HEVC : Codec.H264;
      } else if (audioPid == NONE && type == ProgramTables.STREAM_TYPE_AAC_ADTS) {
        audioPid = pid;
      }
      i += ES_ENTRY + (pmt.getUnsignedShort(i + 3) & 0x0FFF); // ES_info_length
    }
    return new ProgramMap(videoPid, video, audioPid);
  }
}
