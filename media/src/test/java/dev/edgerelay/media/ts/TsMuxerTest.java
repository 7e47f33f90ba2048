package dev.edgerelay.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.codec.ParameterSets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tables, headers and packets against byte fixtures written from ISO/IEC 13818-1. */
class TsMuxerTest {
  static final byte[] SPS = HexFormat.of().parseHex("6742c01fd9005005bb011000000300100000030320f1832480");
  static final byte[] PPS = HexFormat.of().parseHex("68cb83cb20");
  static final CodecConfig AVC = new CodecConfig(Codec.H264, ParameterSets.avcRecord(SPS, PPS));
  static final CodecConfig AAC = new CodecConfig(Codec.AAC, HexFormat.of().parseHex("1210"));

  private final ByteBuf out = Unpooled.buffer();
  private final TsMuxer muxer = new TsMuxer(new TsProgram(Codec.H264, true), ByteBufAllocator.DEFAULT);

  @AfterEach
  void release() {
    muxer.close();
    out.release();
  }

  @Test
  void shouldWritePatFieldByField() {
    ProgramTables.writePat(0, out);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo(String.join("",
        "47", "4000", "10", // sync, PUSI 1 + PID 0, payload only + CC 0
        "00", // pointer_field
        "00", // table_id 0: program_association_section
        "b00d", // section_syntax_indicator 1, '0', reserved 11, section_length 13
        "0001", // transport_stream_id 1
        "c1", // reserved 11, version 0, current_next 1
        "00", "00", // section_number, last_section_number
        "0001", "f000", // program_number 1, reserved 111 + program_map_PID 0x1000
        "2ab104b2", // CRC_32 (Annex A)
        "ff".repeat(188 - 21)));
  }

  @Test
  void shouldWritePmtFieldByField() {
    ProgramTables.writePmt(Codec.H264, true, 3, out);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo(String.join("",
        "47", "5000", "13", // sync, PUSI 1 + PID 0x1000, payload only + CC 3
        "00", // pointer_field
        "02", // table_id 2: TS_program_map_section
        "b017", // syntax 1, '0', reserved 11, section_length 23
        "0001", "c1", "00", "00", // program_number 1, version 0 current, section 0 of 0
        "e100", // reserved 111, PCR_PID 0x100 (video)
        "f000", // reserved 1111, program_info_length 0
        "1b", "e100", "f000", // stream_type 0x1B H.264, PID 0x100, ES_info_length 0
        "0f", "e101", "f000", // stream_type 0x0F AAC ADTS, PID 0x101, ES_info_length 0
        "2f44b99b", // CRC_32
        "ff".repeat(188 - 31)));
  }

  @Test
  void shouldAnnounceHevcAndAudioOnlyPcrPid() {
    ProgramTables.writePmt(Codec.HEVC, false, 0, out);
    assertThat((int) out.getUnsignedByte(17)).as("stream_type").isEqualTo(0x24);
    out.clear();
    ProgramTables.writePmt(null, true, 0, out);
    assertThat(out.getUnsignedShort(13) & 0x1FFF).as("PCR_PID of an audio-only program").isEqualTo(0x101);
    assertThat(Crc32Mpeg.compute(out, 5, 3 + (out.getUnsignedShort(6) & 0xFFF))).isZero();
  }

  @Test
  void shouldEncodePesTimestampsWithMarkerBits() {
    PesHeader.write(PesHeader.STREAM_ID_VIDEO, 126_000 + 3600, 126_000, true, 100, out);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo(String.join("",
        "000001", "e0", // packet_start_code_prefix, stream_id video 0
        "0071", // PES_packet_length: 3 + 10 + 100 = 113
        "84", // '10', not scrambled, data_alignment_indicator 1
        "c0", // PTS_DTS_flags 11
        "0a", // PES_header_data_length 10
        // each part is followed by marker_bit 1: 3 bits in the prefix byte, then 15 + 1, 15 + 1
        "31" + "0007" + "f481", // '0011', PTS 129600: bits 32..30 = 0, 29..15 = 3 -> 0007, 14..0 = 0x7A40 -> f481
        "11" + "0007" + "d861")); // '0001', DTS 126000: bits 29..15 = 3 -> 0007, 14..0 = 0x6C30 -> d861
    out.clear();
    PesHeader.write(PesHeader.STREAM_ID_AUDIO, (1L << 32) + 1, 0, false, 10, out);
    assertThat(ByteBufUtil.hexDump(out, 9, 5)).as("PTS with bit 32 set").isEqualTo("29" + "0001" + "0003");
  }

  @Test
  void shouldEncodePcrBaseAndExtension() {
    TsPacketizer.writePcr(63_000L * 300, out); // 0.7 s
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo(
        "00007b0c" // program_clock_reference_base bits 32..1: 63000 >> 1 = 31500
            + "7e" // base bit 0 = 0, reserved 111111, extension bit 8 = 0
            + "00"); // extension bits 7..0
    out.clear();
    TsPacketizer.writePcr(((1L << 33) - 1) * 300 + 299, out);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo("ffffffff" + "ff" + "2b"); // base all ones, extension 299 = 0x12B
  }

  @Test
  void shouldWriteSmallKeyframeAsOneStuffedPacketWithPcrAndParameterSets() {
    muxer.writeTables(out); // otherwise the first unit brings PAT and PMT, tested above
    out.clear();
    muxer.write(unit(Codec.H264, 0, 0, true, AVC, "00000003658880"), out);
    String sps = HexFormat.of().formatHex(SPS);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo(String.join("",
        "47", "4100", "30", // sync, PUSI + PID 0x100, adaptation + payload, CC 0
        "76", // adaptation_field_length 118 = 1 flags + 6 PCR + 111 stuffing
        "50", // random_access_indicator, PCR_flag
        "00007b0c7e00", // PCR = DTS 1.4 s - 0.7 s lead
        "ff".repeat(111), // stuffing
        "000001e0" + "003b" + "84" + "80" + "05" + "2100" + "07d861", // PES: length 3 + 5 + 51, PTS only = 126000
        "0000000109f0", // access unit delimiter
        "00000001" + sps, "00000001" + "68cb83cb20", // SPS and PPS from the configuration record
        "00000001" + "658880")); // the IDR slice, its length prefix turned into a start code
  }

  @Test
  void shouldKeepContinuityAndReassembleAccessUnitsAcrossPackets() {
    muxer.writeTables(out);
    byte[] big = new byte[1000];
    for (int i = 0; i < 40; i++) {
      big[0] = (byte) (i % 25 == 0 ? 0x65 : 0x41);
      String hex = "000003e8" + HexFormat.of().formatHex(big);
      muxer.write(unit(Codec.H264, i * 40, i * 40 + 80, i % 25 == 0, AVC, hex), out);
      muxer.write(unit(Codec.AAC, i * 40, i * 40, true, AAC, "21" + "00".repeat(200)), out);
    }
    muxer.flush(out);
    TsParser ts = TsParser.parse(ByteBufUtil.getBytes(out));
    assertThat(ts.continuityErrors).isZero();
    assertThat(ts.crcErrors).isZero();
    assertThat(ts.pesLengthErrors).isZero();
    assertThat(ts.pes(TsPacket.VIDEO_PID)).hasSize(40).allSatisfy(p -> assertThat(p.pts() - p.dts()).isEqualTo(7200));
    assertThat(ts.pes(TsPacket.VIDEO_PID)).filteredOn(TsParser.Pes::randomAccess).hasSize(2);
    int audioFrames = ts.pes(TsPacket.AUDIO_PID).stream().mapToInt(p -> p.es().length / 208).sum();
    assertThat(audioFrames).isEqualTo(40);
    assertThat(ts.pes(TsPacket.AUDIO_PID)).allSatisfy(p -> assertThat(p.es()[0] & 0xFF).isEqualTo(0xFF)); // ADTS sync
  }

  @Test
  void shouldKeepPcrWithin100MillisWhenVideoIsSparse() {
    muxer.writeTables(out);
    for (long t = 0; t < 3000; t += 23) {
      if (t % 1000 < 23) {
        muxer.write(unit(Codec.H264, t, t, true, AVC, "00000003658880"), out); // a 1 fps camera
      }
      muxer.write(unit(Codec.AAC, t, t, true, AAC, "2110"), out);
    }
    muxer.flush(out);
    TsParser ts = TsParser.parse(ByteBufUtil.getBytes(out));
    assertThat(ts.continuityErrors).as("PCR-only packets keep the counter").isZero();
    assertThat(ts.pcrs).hasSizeGreaterThan(25);
    for (int i = 1; i < ts.pcrs.size(); i++) {
      assertThat(ts.pcrs.get(i) - ts.pcrs.get(i - 1)).as("ISO/IEC 13818-1 2.7.2").isBetween(0L, 100L * 27_000);
    }
  }

  @Test
  void shouldReleaseEveryUnitIncludingDropped() {
    MediaUnit malformed = unit(Codec.H264, 0, 0, true, AVC, "000000ff65");
    MediaUnit hevc = unit(Codec.HEVC, 0, 0, true, null, "00000001" + "26");
    muxer.write(malformed, out);
    muxer.write(hevc, out);
    assertThat(malformed.refCnt()).isZero();
    assertThat(hevc.refCnt()).isZero();
    assertThat(muxer.droppedUnits()).isEqualTo(2);
  }

  static MediaUnit unit(Codec codec, long dtsMillis, long ptsMillis, boolean key, CodecConfig config, String hex) {
    return new MediaUnit(codec, Timebase.MILLIS, dtsMillis, ptsMillis, key, config,
        Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)), 0);
  }

  @Test
  void shouldWritePcrBaseLowBitAndNineBitExtension() {
    long base = 0x1_2345_6789L; // 33 bits, odd: its last bit lands in the fifth byte
    TsPacketizer.writePcr(base * 300 + 299, out); // extension 299 = 0x12B: its ninth bit too

    assertThat(ByteBufUtil.hexDump(out)).isEqualTo(String.join("",
        "91a2b3c4", // program_clock_reference_base bits 32..1
        "ff", // base bit 0 = 1, reserved 111111, extension bit 8 = 1
        "2b")); // extension bits 7..0
  }
}
