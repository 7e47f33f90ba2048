package dev.edgerelay.media.flv;

import io.netty.buffer.ByteBuf;

/** Writes the FLV file framing (Adobe FLV spec v10.1, E.2 header, E.3 body, E.4.1 tag header) around tag bodies. */
public final class FlvWriter {
  private FlvWriter() {
  }

  /** The 9-byte header and PreviousTagSize0. */
  public static void writeHeader(boolean audio, boolean video, ByteBuf out) {
    out.writeMedium(0x464C56) // "FLV"
        .writeByte(1) // version
        .writeByte((audio ? 0x04 : 0) | (video ? 0x01 : 0)) // TypeFlagsAudio, TypeFlagsVideo
        .writeInt(FlvDecoder.HEADER_BYTES) // DataOffset
        .writeInt(0); // PreviousTagSize0
  }

  /** One tag followed by its PreviousTagSize; the tag's body is copied and not released. */
  public static void writeTag(FlvTag tag, ByteBuf out) {
    int size = tag.body().readableBytes();
    long ts = tag.timestamp();
    out.writeByte(tag.type().id())
        .writeMedium(size) // DataSize
        .writeMedium((int) (ts & 0xFFFFFF)) // Timestamp, low 24 bits
        .writeByte((int) (ts >>> 24) & 0xFF) // TimestampExtended, bits 31..24
        .writeMedium(0) // StreamID
        .writeBytes(tag.body(), tag.body().readerIndex(), size)
        .writeInt(FlvDecoder.TAG_HEADER_BYTES + size); // PreviousTagSize
  }
}
