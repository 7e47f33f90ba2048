package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/**
 * Reassembles the PSI section carried on one PID (ISO/IEC 13818-1 2.4.4): pointer_field on a unit
 * start, section_length, the CRC_32 check (Annex A). Only the first section after each unit start is
 * read: PAT and PMT of a single-program stream fit one section, and the rest of the packet is stuffing.
 */
final class SectionAssembler {
  /** 2.4.4.5/2.4.4.9: section_length of a PAT or PMT is at most 1021 (0x3FD). */
  static final int MAX_SECTION_LENGTH = 1021;
  /** table_id, the syntax/length bytes. */
  private static final int SECTION_HEADER = 3;
  private static final int CRC_BYTES = 4;

  private final ByteBuf section = Unpooled.buffer(SECTION_HEADER + MAX_SECTION_LENGTH, SECTION_HEADER + MAX_SECTION_LENGTH);
  private boolean collecting;
  private long errors;

  /** Sections refused: overlong, truncated pointer, CRC mismatch. */
  long errors() {
    return errors;
  }

  /** One packet's payload; {@code complete} gets each whole section whose CRC checks, header first, CRC excluded. */
  void packet(boolean unitStart, ByteBuf payload, Consumer<ByteBuf> complete) {
    int from = payload.readerIndex();
    int end = payload.writerIndex();
    if (unitStart) {
      int pointer = payload.getUnsignedByte(from); // pointer_field: bytes left of a previous section
      from += 1 + pointer;
      if (from >= end) {
        errors++;
        collecting = false;
        return;
      }
      section.clear();
      collecting = true;
    }
    if (!collecting) {
      return;
    }
    int room = section.writableBytes();
    section.writeBytes(payload, from, Math.min(room, end - from));
    if (section.readableBytes() < SECTION_HEADER) {
      return;
    }
    int length = section.getUnsignedShort(1) & 0x0FFF;
    if (length > MAX_SECTION_LENGTH || length < CRC_BYTES) {
      errors++;
      collecting = false;
      return;
    }
    int total = SECTION_HEADER + length;
    if (section.readableBytes() < total) {
      return;
    }
    collecting = false;
    if (Crc32Mpeg.compute(section, 0, total) != 0) { // over the section and its CRC the remainder is 0
      errors++;
      return;
    }
    complete.accept(section.slice(0, total - CRC_BYTES));
  }
}
