package dev.edgerelay.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.codec.ParameterSets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demuxer against a TS written field by field (ISO/IEC 13818-1), split at every byte, and against our muxer. */
class TsDemuxerTest {
  static final byte[] SPS = TsMuxerTest.SPS;
  static final byte[] PPS = TsMuxerTest.PPS;
  /** AAC LC, 48 kHz (index 3), stereo: 00010 0011 0010 000. */
  static final CodecConfig AAC_48K = new CodecConfig(Codec.AAC, HexFormat.of().parseHex("1190"));

  /** One video PES in one packet: AUD, SPS, PPS and a 4-byte IDR slice; PTS 133200, DTS 126000. */
  static byte[] videoPacket() {
    String es = String.join("",
        "00000001", "09f0", // AUD, primary_pic_type 7
        "00000001", HexFormat.of().formatHex(SPS),
        "00000001", HexFormat.of().formatHex(PPS),
        "00000001", "65888421"); // IDR slice (nal_unit_type 5)
    String pes = String.join("",
        "000001", "e0", // packet_start_code_prefix, stream_id video 0
        "0000", // PES_packet_length 0: unbounded (video)
        "84", // '10', not scrambled, data_alignment_indicator
        "c0", // PTS_DTS_flags 11
        "0a", // PES_header_data_length 10
        "31", "0009", "10a1", // PTS 133200: '0011' + bits 32..30 + marker, bits 29..15 + marker, 14..0 + marker
        "11", "0007", "d861"); // DTS 126000: '0001' + bits 32..30 + marker, bits 29..15 + marker, 14..0 + marker
    return packetWith(pes + es, 0x100, true, 0);
  }

  /** A TS packet on {@code pid} whose adaptation field stuffs it to 188 bytes around {@code pesHex}. */
  static byte[] packetWith(String pesHex, int pid, boolean unitStart, int continuity) {
    int body = pesHex.length() / 2;
    int adaptation = TsPacket.PAYLOAD_SIZE - body; // length byte + flags byte + stuffing
    String hex = String.join("",
        "47", // sync_byte
        String.format("%04x", (unitStart ? 0x4000 : 0) | pid), // TEI 0, PUSI, priority 0, PID
        String.format("%02x", 0x30 | continuity), // not scrambled, adaptation field + payload, CC
        String.format("%02x", adaptation - 1), // adaptation_field_length
        "40", // random_access_indicator
        "ff".repeat(adaptation - 2), // stuffing_byte
        pesHex);
    return HexFormat.of().parseHex(hex);
  }

  /** Two ADTS frames (AAC LC, 48 kHz, stereo) of 2 and 3 raw bytes in one bounded audio PES. */
  static byte[] audioPacket() {
    String es = String.join("",
        "fff1", // syncword, MPEG-4, layer 0, protection_absent 1
        "4c", // profile 1 (LC), sampling index 3 (48 kHz), private 0, channel bit 2 = 0
        "80", // channels 2 (bits 1..0 = 10), frame_length bits 12..11 = 0
        "01", "3f", "fc", // frame_length 9 (7 + 2), buffer fullness 0x7FF, one raw block
        "0102", // raw frame 1
        "fff1", "4c", "80", "01", "5f", "fc", "030405"); // frame_length 10, raw frame 2
    String pes = String.join("",
        "000001", "c0", // start code, stream_id audio 0
        String.format("%04x", 3 + 5 + es.length() / 2), // PES_packet_length: flags, header length, PTS, ES
        "84", "80", "05", // '10' + data_alignment, PTS only, header data length 5
        "2100" + "0100" + "01"); // PTS 0: '0010' + 000 + marker, 15 bits + marker, 15 bits + marker
    return packetWith(pes + es, 0x101, true, 0);
  }

  static byte[] tables() {
    ByteBuf b = Unpooled.buffer();
    ProgramTables.writePat(0, b); // tested field by field in TsMuxerTest
    ProgramTables.writePmt(Codec.H264, true, 0, b);
    byte[] bytes = ByteBufUtil.getBytes(b);
    b.release();
    return bytes;
  }

  static byte[] fixture() {
    return concat(tables(), videoPacket(), audioPacket());
  }

  static byte[] concat(byte[]... parts) {
    ByteBuf b = Unpooled.buffer();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    byte[] bytes = ByteBufUtil.getBytes(b);
    b.release();
    return bytes;
  }

  /** Feeds {@code ts} in pieces of the given sizes (then the rest), finishes, and returns the units. */
  static List<MediaUnit> demux(byte[] ts, int... splits) {
    List<MediaUnit> units = new ArrayList<>();
    try (TsDemuxer demuxer = new TsDemuxer(ByteBufAllocator.DEFAULT)) {
      int at = 0;
      for (int split : splits) {
        ByteBuf piece = Unpooled.wrappedBuffer(ts, at, split - at);
        demuxer.feed(piece, units::add);
        piece.release();
        at = split;
      }
      ByteBuf rest = Unpooled.wrappedBuffer(ts, at, ts.length - at);
      demuxer.feed(rest, units::add);
      rest.release();
      demuxer.finish(units::add);
    }
    return units;
  }

  static String describe(List<MediaUnit> units) {
    StringBuilder s = new StringBuilder();
    for (MediaUnit u : units) {
      s.append(u.codec()).append(' ').append(u.dts()).append('/').append(u.pts()).append(u.keyframe() ? " key " : " ")
          .append(ByteBufUtil.hexDump(u.payload())).append(' ').append(u.config()).append('\n');
    }
    return s.toString();
  }

  static void release(List<MediaUnit> units) {
    units.forEach(MediaUnit::release);
  }

  @Test
  void shouldDemuxTheFixtureToLengthPrefixedVideoAndRawAacFrames() {
    List<MediaUnit> units = demux(fixture());
    try {
      assertThat(units).hasSize(3);
      MediaUnit audio1 = units.get(0); // the bounded audio PES completes at once; the video PES at the end
      assertThat(audio1.codec()).isEqualTo(Codec.AAC);
      assertThat(ByteBufUtil.hexDump(audio1.payload())).isEqualTo("0102");
      assertThat(audio1.dts()).isZero();
      assertThat(audio1.config()).isEqualTo(AAC_48K);
      MediaUnit audio2 = units.get(1);
      assertThat(ByteBufUtil.hexDump(audio2.payload())).isEqualTo("030405");
      assertThat(audio2.pts()).as("one AAC frame (1024 samples at 48 kHz) later").isEqualTo(1_920);
      assertThat(audio2.config()).as("an unchanged config is the same instance").isSameAs(audio1.config());
      MediaUnit video = units.get(2);
      assertThat(video.codec()).isEqualTo(Codec.H264);
      assertThat(video.timebase()).isEqualTo(Timebase.MPEG_90K);
      assertThat(video.dts()).isEqualTo(126_000);
      assertThat(video.pts()).isEqualTo(133_200);
      assertThat(video.keyframe()).isTrue();
      assertThat(ByteBufUtil.hexDump(video.payload())).as("AUD and parameter sets leave the frame")
          .isEqualTo("00000004" + "65888421");
      assertThat(video.config()).isEqualTo(new CodecConfig(Codec.H264, ParameterSets.avcRecord(SPS, PPS)));
    } finally {
      release(units);
    }
  }

  @Test
  void shouldDemuxTheSameUnitsWhereverTheBytesAreSplit() {
    byte[] ts = fixture();
    List<MediaUnit> whole = demux(ts);
    String expected = describe(whole);
    release(whole);
    for (int split = 1; split < ts.length; split++) {
      List<MediaUnit> units = demux(ts, split);
      assertThat(describe(units)).as("split at %d", split).isEqualTo(expected);
      release(units);
    }
    List<MediaUnit> bytewise = demux(ts, java.util.stream.IntStream.range(1, ts.length).toArray());
    assertThat(describe(bytewise)).as("one byte at a time").isEqualTo(expected);
    release(bytewise);
  }

  @Test
  void shouldDropAPesWithAContinuityGapAndResumeAtTheNextUnitStart() {
    byte[] continued = packetWith("00000001650102", 0x100, false, 1); // continues the video PES (CC 1)
    byte[] skipped = packetWith("00000001650304", 0x100, false, 3); // CC 3: packet 2 was lost
    byte[] audio = audioPacket();
    List<MediaUnit> units = demux(concat(tables(), videoPacket(), continued, skipped, audio));
    try {
      assertThat(units).extracting(MediaUnit::track).containsExactly(Track.AUDIO, Track.AUDIO);
    } finally {
      release(units);
    }
  }

  @Test
  void shouldSkipADuplicatePacketAndLeadingGarbage() {
    byte[] video = videoPacket();
    byte[] garbage = HexFormat.of().parseHex("00ff4700"); // a stray 0x47 that is no packet start
    List<MediaUnit> units = demux(concat(garbage, tables(), video, video)); // 2.4.3.3: a packet sent twice
    try {
      assertThat(units).hasSize(1);
      assertThat(ByteBufUtil.hexDump(units.get(0).payload())).isEqualTo("00000004" + "65888421");
    } finally {
      release(units);
    }
  }

  @Test
  void shouldFailForGoodOnInputThatIsNotTs() {
    try (TsDemuxer demuxer = new TsDemuxer(ByteBufAllocator.DEFAULT)) {
      ByteBuf noise = Unpooled.wrappedBuffer(new byte[TsDemuxer.MAX_SYNC_SEARCH_BYTES + 1]);
      demuxer.feed(noise, u -> u.release());
      noise.release();
      assertThat(demuxer.failed()).isTrue();
      assertThat(demuxer.failure()).contains("not an MPEG transport stream");
      ByteBuf good = Unpooled.wrappedBuffer(fixture());
      List<MediaUnit> units = new ArrayList<>();
      demuxer.feed(good, units::add);
      good.release();
      assertThat(units).as("a failed demuxer stays failed").isEmpty();
    }
  }

  @Test
  void shouldGiveBackWhatOurMuxerWrote() {
    List<MediaUnit> in = TsRoundTrip.units(Codec.H264, 60, 90);
    List<String> expected = TsRoundTrip.expected(in);
    byte[] ts = TsRoundTrip.mux(new TsProgram(Codec.H264, true), in);
    List<MediaUnit> out = demux(ts);
    try {
      assertThat(TsRoundTrip.describeByTrack(out)).isEqualTo(expected);
    } finally {
      release(out);
    }
  }

  @Test
  void shouldGiveBackHevcUnitsWithARecordBuiltFromTheStream() {
    List<MediaUnit> in = TsRoundTrip.units(Codec.HEVC, 30, 0);
    List<String> expected = TsRoundTrip.expected(in);
    byte[] ts = TsRoundTrip.mux(new TsProgram(Codec.HEVC, false), in);
    List<MediaUnit> out = demux(ts);
    try {
      assertThat(TsRoundTrip.describeByTrack(out)).isEqualTo(expected);
      assertThat(ParameterSets.of(out.get(0).config()).nalUnits()).hasSize(3);
    } finally {
      release(out);
    }
  }
}
