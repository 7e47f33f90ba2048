package dev.edgerelay.media.flv;

import static dev.edgerelay.media.flv.FlvDecoderTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FlvUnitMapperTest {
  /** AVC sequence header (E.4.3.1 + ISO/IEC 14496-15 5.3.3.1). */
  static final String AVC_SEQUENCE_HEADER = String.join("",
      "17", // FrameType 1 (key) | CodecID 7 (AVC)
      "00", // AVCPacketType 0: sequence header
      "000000", // CompositionTime 0
      "01", "42", "c0", "1e", // configurationVersion 1, profile 66, compat 0xc0, level 3.0
      "ff", // reserved 111111 | lengthSizeMinusOne 3
      "e1", "0004", "6742c01e", // 1 SPS of 4 bytes
      "01", "0002", "68ce"); // 1 PPS of 2 bytes
  /** The same record with lengthSizeMinusOne 1 (2-byte NAL lengths). */
  static final String AVC_SEQUENCE_HEADER_LEN2 = AVC_SEQUENCE_HEADER.replace("1eff", "1efd");

  /** A keyframe: IDR slice of 3 bytes, composition offset 80 ms (B-frame reordering). */
  static final String AVC_KEYFRAME = String.join("",
      "17", "01", // key, AVCPacketType 1: NAL units
      "000050", // CompositionTime +80
      "00000003", "658880"); // 4-byte length 3, NAL type 5 (IDR)

  static final String AVC_INTER_NEGATIVE_CTS = String.join("",
      "27", "01", // FrameType 2 (inter) | AVC, NAL units
      "ffffd8", // CompositionTime -40 (SI24)
      "00000002", "419a"); // NAL type 1 (non-IDR slice)

  static final String AVC_KEYFRAME_LEN2 = String.join("",
      "17", "01", "000000",
      "0003", "658880", // 2-byte length 3, IDR
      "0002", "0610"); // 2-byte length 2, SEI

  static final String AAC_SEQUENCE_HEADER = String.join("",
      "af", // SoundFormat 10 (AAC), 44 kHz, 16-bit, stereo
      "00", // AACPacketType 0: AudioSpecificConfig
      "1210"); // AOT 2 (LC), frequency index 4 (44100), channels 2

  static final String AAC_RAW = "af" + "01" + "21102f"; // AACPacketType 1, raw frame of 3 bytes

  /** Enhanced RTMP HEVC: SequenceStart, then CodedFrames (with CTS) and CodedFramesX (without). */
  static final String HEVC_SEQUENCE_START = String.join("",
      "90", // IsExHeader | FrameType 1 | PacketType 0 (SequenceStart)
      "68766331", // FourCC "hvc1"
      "01", "01", "60000000", "900000000000", "5d", "f000", "fc", "fd", "f8", "f8", "0000", "0f", // 23-byte HEVCDecoderConfigurationRecord head, lengthSizeMinusOne 3
      "00"); // numOfArrays 0

  static final String HEVC_CODED_FRAMES = String.join("",
      "91", "68766331", // ExHeader, key, PacketType 1 (CodedFrames), "hvc1"
      "000028", // CompositionTime +40
      "00000003", "260101"); // NAL type 19 (IDR_W_RADL)

  static final String HEVC_CODED_FRAMES_X = String.join("",
      "a3", "68766331", // ExHeader, FrameType 2, PacketType 3 (CodedFramesX: no CompositionTime)
      "00000003", "020101"); // NAL type 1 (TRAIL_R)

  private final FlvUnitMapper mapper = new FlvUnitMapper("test", ByteBufAllocator.DEFAULT);

  @Test
  void shouldRememberAvcConfigAndEmitNoUnitForSequenceHeader() {
    assertThat(video(1000, AVC_SEQUENCE_HEADER)).isNull();
    CodecConfig config = mapper.videoConfig();
    assertThat(config.codec()).isEqualTo(Codec.H264);
    assertThat(config.length()).isEqualTo(17);
    assertThat(video(1000, AVC_SEQUENCE_HEADER)).isNull();
    assertThat(mapper.videoConfig()).as("same bytes keep the same instance").isSameAs(config);
  }

  @Test
  void shouldMapKeyframeWithCompositionOffsetToPts() {
    video(0, AVC_SEQUENCE_HEADER);
    MediaUnit unit = video(1000, AVC_KEYFRAME);
    assertThat(unit.codec()).isEqualTo(Codec.H264);
    assertThat(unit.timebase()).isEqualTo(Timebase.MILLIS);
    assertThat(unit.dts()).isEqualTo(1000);
    assertThat(unit.pts()).isEqualTo(1080);
    assertThat(unit.keyframe()).isTrue();
    assertThat(unit.config()).isSameAs(mapper.videoConfig());
    assertThat(unit.receivedAtMillis()).isEqualTo(42);
    assertThat(ByteBufUtil.hexDump(unit.payload())).isEqualTo("00000003658880");
    unit.release();
  }

  @Test
  void shouldMapNegativeCompositionOffset() {
    video(0, AVC_SEQUENCE_HEADER);
    MediaUnit unit = video(2000, AVC_INTER_NEGATIVE_CTS);
    assertThat(unit.keyframe()).isFalse();
    assertThat(unit.pts()).isEqualTo(1960);
    unit.release();
  }

  @Test
  void shouldNormaliseTwoByteNalLengthsToFour() {
    video(0, AVC_SEQUENCE_HEADER_LEN2);
    assertThat(mapper.videoConfig().byteAt(4) & 0x03).as("record now says 4-byte lengths").isEqualTo(3);
    MediaUnit unit = video(0, AVC_KEYFRAME_LEN2);
    assertThat(ByteBufUtil.hexDump(unit.payload())).isEqualTo("00000003658880" + "000000020610");
    unit.release();
  }

  @Test
  void shouldMapAacConfigAndRawFrames() {
    assertThat(audio(0, AAC_SEQUENCE_HEADER)).isNull();
    assertThat(mapper.audioConfig().record()).isEqualTo(HexFormat.of().parseHex("1210"));
    MediaUnit unit = audio(23, AAC_RAW);
    assertThat(unit.codec()).isEqualTo(Codec.AAC);
    assertThat(unit.dts()).isEqualTo(23);
    assertThat(unit.pts()).isEqualTo(23);
    assertThat(unit.keyframe()).isTrue();
    assertThat(unit.config()).isSameAs(mapper.audioConfig());
    assertThat(ByteBufUtil.hexDump(unit.payload())).isEqualTo("21102f");
    unit.release();
  }

  @Test
  void shouldCarryEnhancedRtmpHevc() {
    assertThat(video(0, HEVC_SEQUENCE_START)).isNull();
    assertThat(mapper.videoConfig().codec()).isEqualTo(Codec.HEVC);
    MediaUnit key = video(40, HEVC_CODED_FRAMES);
    assertThat(key.codec()).isEqualTo(Codec.HEVC);
    assertThat(key.keyframe()).isTrue();
    assertThat(key.pts()).isEqualTo(80);
    assertThat(ByteBufUtil.hexDump(key.payload())).isEqualTo("00000003260101");
    MediaUnit inter = video(80, HEVC_CODED_FRAMES_X);
    assertThat(inter.keyframe()).isFalse();
    assertThat(inter.pts()).isEqualTo(80);
    key.release();
    inter.release();
  }

  @Test
  void shouldIgnoreOtherCodecs() {
    assertThat(video(0, "22" + "00112233")).as("VP6 (CodecID 4)").isNull();
    assertThat(video(0, "92" + "61763031" + "00")).as("Enhanced AV1").isNull();
    assertThat(audio(0, "2f" + "fffb")).as("MP3").isNull();
    assertThat(audio(0, "9" + "1" + "4f707573" + "00")).as("Enhanced Opus").isNull();
    assertThat(mapper.videoConfig()).isNull();
  }

  @Test
  void shouldDropTruncatedBodiesWithoutThrowing() {
    assertThat(video(0, "17" + "01")).isNull();
    assertThat(audio(0, "af")).isNull();
    video(0, AVC_SEQUENCE_HEADER_LEN2);
    assertThat(video(0, "1701000000" + "0009" + "65")).as("NAL length overruns").isNull();
  }

  @Test
  void shouldUnwrap32BitTimestamps() {
    audio(0, AAC_SEQUENCE_HEADER);
    MediaUnit before = audio(0xFFFF_FFF0L, AAC_RAW);
    MediaUnit after = audio(0x10, AAC_RAW);
    assertThat(after.dts() - before.dts()).isEqualTo(0x20);
    before.release();
    after.release();
  }

  @Test
  void shouldEncodeUnitsBackToTheSameTagBodies() {
    for (String[] pair : new String[][] {
        {AVC_SEQUENCE_HEADER, AVC_KEYFRAME}, {AVC_SEQUENCE_HEADER, AVC_INTER_NEGATIVE_CTS},
        {HEVC_SEQUENCE_START, HEVC_CODED_FRAMES}}) {
      video(0, pair[0]);
      FlvTag header = FlvUnitEncoder.sequenceHeader(mapper.videoConfig(), 0, ByteBufAllocator.DEFAULT);
      assertThat(ByteBufUtil.hexDump(header.body())).isEqualTo(pair[0]);
      header.release();
      MediaUnit unit = video(5000, pair[1]);
      FlvTag tag = FlvUnitEncoder.encode(unit, ByteBufAllocator.DEFAULT);
      assertThat(tag.type()).isEqualTo(FlvTagType.VIDEO);
      assertThat(tag.timestamp()).isEqualTo(5000);
      assertThat(ByteBufUtil.hexDump(tag.body())).isEqualTo(pair[1]);
      tag.release();
      unit.release();
    }
    audio(0, AAC_SEQUENCE_HEADER);
    MediaUnit aac = audio(7, AAC_RAW);
    FlvTag tag = FlvUnitEncoder.encode(aac, ByteBufAllocator.DEFAULT);
    assertThat(ByteBufUtil.hexDump(tag.body())).isEqualTo(AAC_RAW);
    FlvTag ash = FlvUnitEncoder.sequenceHeader(mapper.audioConfig(), 0, ByteBufAllocator.DEFAULT);
    assertThat(ByteBufUtil.hexDump(ash.body())).isEqualTo(AAC_SEQUENCE_HEADER);
    tag.release();
    ash.release();
    aac.release();
  }

  private MediaUnit video(long ts, String hex) {
    return map(new FlvTag(FlvTagType.VIDEO, ts, Unpooled.wrappedBuffer(bytes(hex))));
  }

  private MediaUnit audio(long ts, String hex) {
    return map(new FlvTag(FlvTagType.AUDIO, ts, Unpooled.wrappedBuffer(bytes(hex))));
  }

  /** Maps as a caller does: the tag is released after mapping, the unit keeps its own reference. */
  private MediaUnit map(FlvTag tag) {
    try {
      return mapper.map(tag, 42);
    } finally {
      tag.release();
    }
  }
}
