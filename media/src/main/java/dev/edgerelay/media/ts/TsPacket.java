package dev.edgerelay.media.ts;

/** Transport stream packet layout and the PIDs this muxer uses (ISO/IEC 13818-1 2.4.3.2). */
public final class TsPacket {
  public static final int SIZE = 188;
  public static final int HEADER_SIZE = 4;
  public static final int PAYLOAD_SIZE = SIZE - HEADER_SIZE;
  public static final int SYNC_BYTE = 0x47;
  public static final int PAT_PID = 0x0000;
  /** PMT, video and audio PIDs: the values FFmpeg uses, so captures compare easily. */
  public static final int PMT_PID = 0x1000;
  public static final int VIDEO_PID = 0x0100;
  public static final int AUDIO_PID = 0x0101;
  /** 33-bit PTS/DTS/PCR base arithmetic (2.4.3.7). */
  public static final long TIMESTAMP_MASK = (1L << 33) - 1;

  private TsPacket() {
  }
}
