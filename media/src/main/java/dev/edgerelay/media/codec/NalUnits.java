package dev.edgerelay.media.codec;

import dev.edgerelay.media.Codec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * NAL unit framing for H.264 (ISO/IEC 14496-10) and HEVC (ITU-T H.265): the length-prefixed form
 * of MP4/FLV (ISO/IEC 14496-15, "AVCC") and the start-code form of MPEG-TS (Annex B), plus the
 * NAL type tests the muxer and segmenter need.
 */
public final class NalUnits {
  /** H.264 nal_unit_type (Table 7-1). */
  public static final int H264_IDR = 5;
  public static final int H264_SPS = 7;
  public static final int H264_PPS = 8;
  public static final int H264_AUD = 9;
  /** HEVC nal_unit_type (Table 7-1): IRAP pictures are 16..23, parameter sets 32..34, AUD 35. */
  public static final int HEVC_IRAP_FIRST = 16;
  public static final int HEVC_IRAP_LAST = 23;
  public static final int HEVC_VPS = 32;
  public static final int HEVC_SPS = 33;
  public static final int HEVC_PPS = 34;
  public static final int HEVC_AUD = 35;
  /** Annex B start code; the 4-byte form is what every muxer writes before the first NAL of an access unit. */
  private static final int START_CODE = 0x00000001;

  private NalUnits() {
  }

  /** Offset of lengthSizeMinusOne in the codec's decoder configuration record (14496-15 5.3.3.1 / 8.3.3.1). */
  public static int lengthSizeOffset(Codec codec) {
    return codec == Codec.HEVC ? 21 : 4;
  }

  /** The nal_unit_type of a NAL whose first header byte is {@code header}. */
  public static int type(Codec codec, int header) {
    return codec == Codec.HEVC ? (header >> 1) & 0x3F : header & 0x1F;
  }

  /** True for a random-access picture: H.264 IDR, HEVC IRAP (IDR, CRA, BLA). */
  public static boolean isRandomAccess(Codec codec, int type) {
    return codec == Codec.HEVC ? type >= HEVC_IRAP_FIRST && type <= HEVC_IRAP_LAST : type == H264_IDR;
  }

  public static boolean isParameterSet(Codec codec, int type) {
    return codec == Codec.HEVC ? type >= HEVC_VPS && type <= HEVC_PPS : type == H264_SPS || type == H264_PPS;
  }

  public static boolean isAccessUnitDelimiter(Codec codec, int type) {
    return type == (codec == Codec.HEVC ? HEVC_AUD : H264_AUD);
  }

  /** Visits each NAL of 4-byte length-prefixed data; returns false when a length overruns the buffer. */
  public static boolean forEach(ByteBuf avcc, NalVisitor visitor) {
    int i = avcc.readerIndex();
    int end = avcc.writerIndex();
    while (end - i >= 4) {
      long len = avcc.getUnsignedInt(i);
      if (len > end - i - 4) {
        return false;
      }
      if (len > 0) {
        visitor.nal(avcc, i + 4, (int) len);
      }
      i += 4 + (int) len;
    }
    return i == end;
  }

  /** True when the length-prefixed access unit contains a random-access picture (IDR detection). */
  public static boolean containsRandomAccess(Codec codec, ByteBuf avcc) {
    boolean[] found = {false};
    forEach(avcc, (buf, offset, length) -> found[0] |= isRandomAccess(codec, type(codec, buf.getUnsignedByte(offset))));
    return found[0];
  }

  /** True when the access unit carries its own parameter sets (SPS for H.264, SPS for HEVC). */
  public static boolean containsSps(Codec codec, ByteBuf avcc) {
    int sps = codec == Codec.HEVC ? HEVC_SPS : H264_SPS;
    boolean[] found = {false};
    forEach(avcc, (buf, offset, length) -> found[0] |= type(codec, buf.getUnsignedByte(offset)) == sps);
    return found[0];
  }

  /** Rewrites NALs with {@code lengthSize}-byte prefixes (1, 2 or 4) to 4-byte prefixes; null when malformed. */
  public static ByteBuf toFourByteLengths(ByteBuf nalus, int lengthSize, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(nalus.readableBytes() + nalus.readableBytes() / 2 + 8);
    int i = nalus.readerIndex();
    int end = nalus.writerIndex();
    while (i < end) {
      if (end - i < lengthSize) {
        out.release();
        return null;
      }
      int len = switch (lengthSize) {
        case 1 -> nalus.getUnsignedByte(i);
        case 2 -> nalus.getUnsignedShort(i);
        case 3 -> nalus.getUnsignedMedium(i);
        default -> (int) Math.min(Integer.MAX_VALUE, nalus.getUnsignedInt(i));
      };
      if (len > end - i - lengthSize) {
        out.release();
        return null;
      }
      out.writeInt(len).writeBytes(nalus, i + lengthSize, len);
      i += lengthSize + len;
    }
    return out;
  }

  /** Appends the 4-byte length-prefixed NALs to {@code out} in Annex B form (start code before each). */
  public static void avccToAnnexB(ByteBuf avcc, ByteBuf out) {
    forEach(avcc, (buf, offset, length) -> out.writeInt(START_CODE).writeBytes(buf, offset, length));
  }

  /** Appends one NAL with a start code. */
  public static void writeAnnexB(byte[] nal, ByteBuf out) {
    out.writeInt(START_CODE).writeBytes(nal);
  }

  /**
   * Converts an Annex B byte stream (3- or 4-byte start codes) to 4-byte length-prefixed NALs.
   * Trailing zero bytes of a NAL (trailing_zero_8bits, B.1.1) are dropped.
   */
  public static ByteBuf annexBToAvcc(ByteBuf annexB, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(annexB.readableBytes() + 16);
    int end = annexB.writerIndex();
    int nalStart = -1;
    int i = annexB.readerIndex();
    while (i + 3 <= end) {
      if (annexB.getByte(i) == 0 && annexB.getByte(i + 1) == 0 && annexB.getByte(i + 2) == 1) {
        if (nalStart >= 0) {
          writeLengthPrefixed(annexB, nalStart, i, out);
        }
        i += 3;
        nalStart = i;
      } else {
        i++;
      }
    }
    if (nalStart >= 0) {
      writeLengthPrefixed(annexB, nalStart, end, out);
    }
    return out;
  }

  private static void writeLengthPrefixed(ByteBuf src, int from, int to, ByteBuf out) {
    while (to > from && src.getByte(to - 1) == 0) {
      to--;
    }
    if (to > from) {
      out.writeInt(to - from).writeBytes(src, from, to - from);
    }
  }

  /** Receives one NAL: {@code length} bytes at {@code offset} of {@code buf}, header byte first. */
  @FunctionalInterface
  public interface NalVisitor {
    void nal(ByteBuf buf, int offset, int length);
  }
}
