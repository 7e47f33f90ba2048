package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Splits PES packets into 188-byte TS packets on one PID (ISO/IEC 13818-1 2.4.3.2-2.4.3.5): keeps the
 * PID's continuity counter, writes PCR, random_access_indicator and discontinuity_indicator in the
 * first packet's adaptation field, and stuffs the last packet through its adaptation field.
 */
final class TsPacketizer {
  /** adaptation_field flags (2.4.3.4). */
  static final int DISCONTINUITY = 0x80;
  static final int RANDOM_ACCESS = 0x40;
  static final int PCR_FLAG = 0x10;
  /** PCR field size: 33-bit base, 6 reserved bits, 9-bit extension. */
  static final int PCR_BYTES = 6;
  private static final byte[] STUFFING = filled(TsPacket.PAYLOAD_SIZE, (byte) 0xFF);

  private final int pid;
  private int continuityCounter;

  TsPacketizer(int pid) {
    this.pid = pid;
  }

  int pid() {
    return pid;
  }

  /** Counts a packet written elsewhere (PSI) on this PID. */
  void advance() {
    continuityCounter = (continuityCounter + 1) & 0x0F;
  }

  /** The counter the next packet with payload will carry. */
  int continuityCounter() {
    return continuityCounter;
  }

  /**
   * Writes one PES (its header already known) as TS packets.
   *
   * @param pcr27mhz PCR in 27 MHz units, or -1 for none
   * @param flags {@link #RANDOM_ACCESS} and/or {@link #DISCONTINUITY} for the first packet
   */
  void writePes(int streamId, long pts, long dts, boolean withDts, EsSource es, long pcr27mhz, int flags, ByteBuf out) {
    int headerSize = PesHeader.size(withDts);
    int total = headerSize + es.remaining();
    out.ensureWritable((total / TsPacket.PAYLOAD_SIZE + 2) * TsPacket.SIZE);
    boolean first = true;
    while (first || es.remaining() > 0) {
      int afFlags = first ? flags | (pcr27mhz >= 0 ? PCR_FLAG : 0) : 0;
      int afSize = afFlags != 0 ? 2 + ((afFlags & PCR_FLAG) != 0 ? PCR_BYTES : 0) : 0; // length byte + flags byte + PCR
      int payload = (first ? headerSize : 0) + es.remaining();
      int room = TsPacket.PAYLOAD_SIZE - afSize;
      int stuffing = Math.max(0, room - payload);
      if (stuffing > 0 && afSize == 0) { // an adaptation field just for stuffing: a lone length byte when one byte short
        afSize = stuffing == 1 ? 1 : 2;
        stuffing -= afSize;
      }
      writeHeader(first, afSize > 0, out);
      if (afSize > 0) {
        writeAdaptationField(afSize + stuffing, stuffing, afFlags, pcr27mhz, out);
      }
      int body = TsPacket.PAYLOAD_SIZE - afSize - stuffing;
      if (first) {
        PesHeader.write(streamId, pts, dts, withDts, es.remaining(), out);
        body -= headerSize;
        first = false;
      }
      es.transferTo(out, body);
    }
  }

  /** An adaptation-field-only packet carrying a PCR (2.4.3.3: the continuity counter does not advance). */
  void writePcrOnly(long pcr27mhz, ByteBuf out) {
    out.writeByte(TsPacket.SYNC_BYTE).writeShort(pid)
        .writeByte(0x20 | ((continuityCounter - 1) & 0x0F)); // adaptation_field_control 10: adaptation field only
    writeAdaptationField(TsPacket.PAYLOAD_SIZE, TsPacket.PAYLOAD_SIZE - 2 - PCR_BYTES, PCR_FLAG, pcr27mhz, out);
  }

  /** The 4-byte header in one write: once per 188 bytes, each ByteBuf call's checks showed in the profile. */
  private void writeHeader(boolean unitStart, boolean adaptationField, ByteBuf out) {
    out.writeInt(TsPacket.SYNC_BYTE << 24
        | ((unitStart ? 0x4000 : 0) | pid) << 8 // TEI 0, payload_unit_start_indicator, priority 0, PID
        | (adaptationField ? 0x30 : 0x10) | continuityCounter); // scrambling 00, adaptation_field_control, CC
    continuityCounter = (continuityCounter + 1) & 0x0F;
  }

  /** @param size the whole adaptation field including its length byte; @param stuffing 0xFF bytes at its end */
  private static void writeAdaptationField(int size, int stuffing, int flags, long pcr27mhz, ByteBuf out) {
    if (size == 1) {
      out.writeByte(0); // adaptation_field_length 0: a lone stuffing byte
      return;
    }
    out.writeShort((size - 1) << 8 | flags); // adaptation_field_length, then the flags byte
    if ((flags & PCR_FLAG) != 0) {
      writePcr(pcr27mhz, out);
    }
    out.writeBytes(STUFFING, 0, stuffing);
  }

  /** 2.4.3.5: program_clock_reference_base (33 bits, 90 kHz), 6 reserved bits, extension (9 bits, 27 MHz remainder). */
  static void writePcr(long pcr27mhz, ByteBuf out) {
    long base = (pcr27mhz / 300) & TsPacket.TIMESTAMP_MASK;
    int ext = (int) (pcr27mhz % 300);
    out.writeInt((int) (base >>> 1))
        .writeShort((int) ((base & 1) << 15 | 0x7E00 | ext)); // base's last bit, 6 reserved 1s, 9-bit extension
  }

  static byte[] filled(int n, byte value) {
    byte[] b = new byte[n];
    Arrays.fill(b, value);
    return b;
  }
}
