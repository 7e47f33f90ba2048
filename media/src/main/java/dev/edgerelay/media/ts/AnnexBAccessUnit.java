package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;

/**
 * A video access unit as Annex B bytes without building them: a prefix (AUD, parameter sets) and the
 * unit's 4-byte length-prefixed NALs, whose length fields are replaced by start codes while copying.
 * The two framings have the same size, so the PES length is known up front. Reused for every unit.
 */
final class AnnexBAccessUnit implements EsSource {
  private static final int START_CODE_SIZE = 4;

  private ByteBuf prefix;
  private ByteBuf payload;
  private int pos;
  private int end;
  /** Where the current NAL ends; the next length field starts there. */
  private int nalEnd;
  private int nextNalEnd;

  /** Points at a new unit; the payload's NAL lengths must have been validated (whole, non-zero). */
  void reset(ByteBuf prefix, ByteBuf payload) {
    this.prefix = prefix;
    this.payload = payload;
    this.pos = payload.readerIndex();
    this.end = payload.writerIndex();
    this.nalEnd = pos;
  }

  @Override
  public int remaining() {
    return prefix.readableBytes() + end - pos;
  }

  @Override
  public void transferTo(ByteBuf out, int n) {
    while (n > 0) {
      int k;
      if (prefix.isReadable()) {
        k = Math.min(n, prefix.readableBytes());
        out.writeBytes(prefix, k);
      } else if (pos < nalEnd) {
        k = Math.min(n, nalEnd - pos);
        out.writeBytes(payload, pos, k);
        pos += k;
      } else {
        if (pos == nalEnd) {
          nextNalEnd = nalEnd + START_CODE_SIZE + payload.getInt(nalEnd);
        }
        int into = pos - nalEnd;
        k = Math.min(n, START_CODE_SIZE - into);
        for (int i = into; i < into + k; i++) {
          out.writeByte(i == START_CODE_SIZE - 1 ? 1 : 0); // 00 00 00 01
        }
        pos += k;
        if (pos == nalEnd + START_CODE_SIZE) {
          nalEnd = nextNalEnd;
        }
      }
      n -= k;
    }
  }
}
