package dev.edgerelay.media.flv;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.Track;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * The inverse of {@link FlvUnitMapper}: a {@link MediaUnit} or a {@link CodecConfig} back to an FLV
 * tag (for RTMP re-serve and FLV files). H.264 and AAC use the classic headers (E.4.2, E.4.3) every
 * player knows; HEVC uses the Enhanced RTMP ExHeader with FourCC {@code hvc1}. Stateless.
 *
 * <p>A unit's payload is not copied: the tag body is a composite of a small header and a retained
 * slice of the payload, so the caller still owns (and releases) the unit.
 */
public final class FlvUnitEncoder {
  /** E.4.2.1: SoundFormat 10 (AAC), 44 kHz, 16-bit, stereo; the spec fixes these bits for AAC. */
  static final int AAC_SOUND_HEADER = 0xAF;
  /** Enhanced RTMP ExHeader: IsExHeader bit; PacketType in the low nibble, FrameType in bits 6..4. */
  static final int EX_HEADER = 0x80;

  private FlvUnitEncoder() {
  }

  /** The sequence-header tag announcing {@code config}, stamped {@code timestampMillis}. */
  public static FlvTag sequenceHeader(CodecConfig config, long timestampMillis, ByteBufAllocator alloc) {
    ByteBuf body = alloc.buffer(config.length() + 5);
    switch (config.codec()) {
      case AAC -> body.writeByte(AAC_SOUND_HEADER).writeByte(0); // AACPacketType 0: AudioSpecificConfig
      case H264 -> body.writeByte(0x10 | FlvUnitMapper.CODEC_ID_AVC).writeByte(0).writeMedium(0); // key, AVC seq header, cts 0
      case HEVC -> body.writeByte(EX_HEADER | 0x10).writeInt(FlvUnitMapper.FOURCC_HVC1); // key, SequenceStart
    }
    body.writeBytes(config.record());
    return new FlvTag(config.codec().track() == Track.AUDIO ? FlvTagType.AUDIO : FlvTagType.VIDEO,
        timestampMillis, body);
  }

  /** The coded-frame tag for {@code unit}; its timestamp is the unit's DTS in milliseconds. */
  public static FlvTag encode(MediaUnit unit, ByteBufAllocator alloc) {
    long dts = unit.timebase().convert(unit.dts(), Timebase.MILLIS);
    ByteBuf header = alloc.buffer(8);
    FlvTagType type;
    if (unit.codec() == Codec.AAC) {
      header.writeByte(AAC_SOUND_HEADER).writeByte(1); // AACPacketType 1: raw frame
      type = FlvTagType.AUDIO;
    } else {
      int frameType = unit.keyframe() ? 1 : 2; // E.4.3.1: 1 keyframe, 2 inter frame
      int cts = (int) (unit.timebase().convert(unit.pts(), Timebase.MILLIS) - dts);
      if (unit.codec() == Codec.H264) {
        header.writeByte(frameType << 4 | FlvUnitMapper.CODEC_ID_AVC).writeByte(1); // AVCPacketType 1: NALUs
      } else {
        header.writeByte(EX_HEADER | frameType << 4 | 1).writeInt(FlvUnitMapper.FOURCC_HVC1); // PacketType 1: CodedFrames
      }
      header.writeMedium(cts); // SI24 CompositionTime
      type = FlvTagType.VIDEO;
    }
    CompositeByteBuf body = alloc.compositeBuffer(2);
    body.addComponents(true, header, unit.payload().retainedSlice());
    return new FlvTag(type, dts, body);
  }
}
