package dev.edgerelay.media.flv;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.codec.NalUnits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps FLV audio/video tag bodies (also the bodies of RTMP messages 8 and 9) of one stream to
 * codec-neutral {@link MediaUnit}s. Stateful per stream: it remembers the codec configuration of
 * each track, which sequence headers replace and which rides on every following unit.
 *
 * <p>Ownership: the caller keeps its reference to the body; a returned unit holds its own reference
 * (a retained slice, or a copy when NAL length prefixes had to be normalised to 4 bytes).
 *
 * <p>Formats: Adobe FLV spec v10.1 E.4.2 (audio), E.4.3 (video), and Enhanced RTMP v1/v2
 * (ExHeader, FourCC {@code hvc1}/{@code avc1}, audio FourCC {@code mp4a}). Any other codec is
 * reported once per stream and ignored.
 */
public final class FlvUnitMapper {
  private static final Logger LOG = LoggerFactory.getLogger(FlvUnitMapper.class);

  /** E.4.3.1 CodecID 7 = AVC. */
  static final int CODEC_ID_AVC = 7;
  /** CodecID 12: the pre-Enhanced-RTMP HEVC extension many Chinese cameras and CDNs still send. */
  static final int CODEC_ID_HEVC_LEGACY = 12;
  /** E.4.2.1 SoundFormat 10 = AAC. */
  static final int SOUND_FORMAT_AAC = 10;
  /** Enhanced RTMP v2: SoundFormat 9 announces an audio ExHeader with a FourCC. */
  static final int SOUND_FORMAT_EX_HEADER = 9;
  static final int FOURCC_AVC1 = fourCc("avc1");
  static final int FOURCC_HVC1 = fourCc("hvc1");
  static final int FOURCC_MP4A = fourCc("mp4a");
  /** Distinct unsupported codecs reported per stream; a hostile source cycling FourCCs cannot grow the set further. */
  static final int MAX_REPORTED_CODECS = 16;
  /** E.4.3.1 FrameType 5: a video info/command frame, which carries no picture. */
  static final int FRAME_TYPE_COMMAND = 5;

  private final String streamName;
  private final ByteBufAllocator alloc;
  private final Set<String> reported = new HashSet<>();
  private final TimestampUnwrapper videoClock = new TimestampUnwrapper();
  private final TimestampUnwrapper audioClock = new TimestampUnwrapper();
  private CodecConfig videoConfig;
  private CodecConfig audioConfig;
  /** NAL length-prefix size the source's current configuration record declares (1, 2 or 4). */
  private int videoLengthSize = 4;

  /** @param streamName names the stream in log lines only */
  public FlvUnitMapper(String streamName, ByteBufAllocator alloc) {
    this.streamName = streamName;
    this.alloc = alloc;
  }

  public CodecConfig videoConfig() {
    return videoConfig;
  }

  public CodecConfig audioConfig() {
    return audioConfig;
  }

  /** Maps a tag; returns null for tags that yield no unit (sequence headers, script data, unsupported codecs, malformed bodies). */
  public MediaUnit map(FlvTag tag, long receivedAtMillis) {
    return switch (tag.type()) {
      case VIDEO -> mapVideo(tag.timestamp(), tag.body(), receivedAtMillis);
      case AUDIO -> mapAudio(tag.timestamp(), tag.body(), receivedAtMillis);
      case SCRIPT_DATA -> null;
    };
  }

  /**
   * Maps a video tag body stamped with a 32-bit millisecond timestamp; returns the unit or null.
   * The body's reader index is not moved.
   */
  public MediaUnit mapVideo(long timestamp, ByteBuf body, long receivedAtMillis) {
    if (!body.isReadable()) {
      return null;
    }
    int first = body.getUnsignedByte(body.readerIndex());
    return (first & 0x80) != 0
        ? mapEnhancedVideo(timestamp, body, receivedAtMillis, first)
        : mapLegacyVideo(timestamp, body, receivedAtMillis, first);
  }

  private MediaUnit mapLegacyVideo(long timestamp, ByteBuf body, long receivedAt, int first) {
    int codecId = first & 0x0F;
    int frameType = first >> 4;
    Codec codec = codecId == CODEC_ID_AVC ? Codec.H264 : codecId == CODEC_ID_HEVC_LEGACY ? Codec.HEVC : null;
    if (codec == null) {
      return unsupported("video CodecID " + codecId);
    }
    if (frameType == FRAME_TYPE_COMMAND) {
      return null;
    }
    if (body.readableBytes() < 5) { // E.4.3.1: AVCPacketType (1) + CompositionTime (SI24)
      return malformed("video tag of " + body.readableBytes() + " bytes");
    }
    int start = body.readerIndex();
    int packetType = body.getUnsignedByte(start + 1);
    int cts = body.getMedium(start + 2);
    return switch (packetType) {
      case 0 -> updateVideoConfig(codec, body.slice(start + 5, body.readableBytes() - 5));
      case 1 -> videoUnit(codec, timestamp, cts, frameType == 1, body.slice(start + 5, body.readableBytes() - 5), receivedAt);
      default -> null; // 2: end of sequence, nothing to present
    };
  }

  private MediaUnit mapEnhancedVideo(long timestamp, ByteBuf body, long receivedAt, int first) {
    if (body.readableBytes() < 5) { // ExHeader byte + FourCC
      return malformed("enhanced video tag of " + body.readableBytes() + " bytes");
    }
    int frameType = (first >> 4) & 0x07;
    int packetType = first & 0x0F;
    int start = body.readerIndex();
    int fourCc = body.getInt(start + 1);
    Codec codec = fourCc == FOURCC_HVC1 ? Codec.HEVC : fourCc == FOURCC_AVC1 ? Codec.H264 : null;
    if (codec == null || packetType == 6) { // PacketType 6: multitrack (E-RTMP v2), not carried
      return unsupported(packetType == 6 ? "enhanced video multitrack" : "video FourCC " + fourCcName(fourCc));
    }
    if (frameType == FRAME_TYPE_COMMAND) {
      return null;
    }
    int dataStart = start + 5;
    return switch (packetType) {
      case 0 -> updateVideoConfig(codec, body.slice(dataStart, body.writerIndex() - dataStart)); // SequenceStart
      case 1 -> { // CodedFrames: SI24 composition time, then NAL units
        if (body.writerIndex() - dataStart < 3) {
          yield malformed("enhanced coded frame without composition time");
        }
        int cts = body.getMedium(dataStart);
        yield videoUnit(codec, timestamp, cts, frameType == 1,
            body.slice(dataStart + 3, body.writerIndex() - dataStart - 3), receivedAt);
      }
      case 3 -> videoUnit(codec, timestamp, 0, frameType == 1, // CodedFramesX: composition time implied 0
          body.slice(dataStart, body.writerIndex() - dataStart), receivedAt);
      default -> null; // SequenceEnd, Metadata (HDR info), MPEG2TSSequenceStart: nothing to present
    };
  }

  /** Maps an audio tag body; returns the unit or null. The body's reader index is not moved. */
  public MediaUnit mapAudio(long timestamp, ByteBuf body, long receivedAtMillis) {
    if (!body.isReadable()) {
      return null;
    }
    int start = body.readerIndex();
    int first = body.getUnsignedByte(start);
    int soundFormat = first >> 4;
    int packetType;
    int dataStart;
    if (soundFormat == SOUND_FORMAT_AAC && body.readableBytes() >= 2) {
      packetType = body.getUnsignedByte(start + 1); // E.4.2.1 AACPacketType
      dataStart = start + 2;
    } else if (soundFormat == SOUND_FORMAT_EX_HEADER && body.readableBytes() >= 5
        && body.getInt(start + 1) == FOURCC_MP4A) {
      packetType = first & 0x0F; // E-RTMP v2 AudioPacketType: 0 SequenceStart, 1 CodedFrames
      dataStart = start + 5;
    } else if (soundFormat == SOUND_FORMAT_AAC || soundFormat == SOUND_FORMAT_EX_HEADER) {
      return soundFormat == SOUND_FORMAT_AAC ? malformed("AAC tag without AACPacketType")
          : unsupported("audio FourCC " + (body.readableBytes() >= 5 ? fourCcName(body.getInt(start + 1)) : "?"));
    } else {
      return unsupported("audio SoundFormat " + soundFormat);
    }
    ByteBuf data = body.slice(dataStart, body.writerIndex() - dataStart);
    if (packetType == 0) {
      if (data.readableBytes() < 2) { // AudioSpecificConfig is at least 2 bytes (ISO/IEC 14496-3 1.6.2.1)
        return malformed("AudioSpecificConfig of " + data.readableBytes() + " bytes");
      }
      audioConfig = keepIfSame(audioConfig, new CodecConfig(Codec.AAC, bytes(data)));
      return null;
    }
    if (packetType != 1 || !data.isReadable()) {
      return null;
    }
    long dts = audioClock.unwrap(timestamp);
    return new MediaUnit(Codec.AAC, Timebase.MILLIS, dts, dts, true, audioConfig, data.retain(), receivedAtMillis);
  }

  private MediaUnit updateVideoConfig(Codec codec, ByteBuf record) {
    int lengthOffset = NalUnits.lengthSizeOffset(codec);
    if (record.readableBytes() <= lengthOffset) {
      return malformed(codec + " decoder configuration record of " + record.readableBytes() + " bytes");
    }
    byte[] bytes = bytes(record);
    bytes[lengthOffset] |= 0x03; // lengthSizeMinusOne = 3: units are normalised to 4-byte prefixes below
    videoConfig = keepIfSame(videoConfig, new CodecConfig(codec, bytes));
    videoLengthSize = (record.getUnsignedByte(record.readerIndex() + lengthOffset) & 0x03) + 1;
    return null;
  }

  private MediaUnit videoUnit(Codec codec, long timestamp, int cts, boolean keyframe, ByteBuf nalus, long receivedAt) {
    if (!nalus.isReadable()) {
      return null;
    }
    CodecConfig config = videoConfig != null && videoConfig.codec() == codec ? videoConfig : null;
    ByteBuf payload;
    if (videoLengthSize == 4) {
      payload = nalus.retain();
    } else {
      payload = NalUnits.toFourByteLengths(nalus, videoLengthSize, alloc);
      if (payload == null) {
        return malformed("NAL unit length overruns the tag");
      }
    }
    long dts = videoClock.unwrap(timestamp);
    return new MediaUnit(codec, Timebase.MILLIS, dts, dts + cts, keyframe, config, payload, receivedAt);
  }

  /** Keeps the existing instance when the bytes did not change, so readers can detect a change by reference. */
  private static CodecConfig keepIfSame(CodecConfig current, CodecConfig fresh) {
    return fresh.sameAs(current) ? current : fresh;
  }

  private MediaUnit unsupported(String what) {
    if (reported.size() < MAX_REPORTED_CODECS && reported.add(what)) {
      LOG.warn("stream {}: {} is not carried; its tags are ignored", streamName, what);
    }
    return null;
  }

  private MediaUnit malformed(String what) {
    LOG.debug("stream {}: dropped malformed tag: {}", streamName, what);
    return null;
  }

  private static byte[] bytes(ByteBuf buf) {
    byte[] bytes = new byte[buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), bytes);
    return bytes;
  }

  static int fourCc(String s) {
    return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
  }

  private static String fourCcName(int fourCc) {
    char[] c = {(char) (fourCc >>> 24), (char) ((fourCc >> 16) & 0xFF), (char) ((fourCc >> 8) & 0xFF), (char) (fourCc & 0xFF)};
    return new String(c);
  }
}
