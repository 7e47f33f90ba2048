package dev.edgerelay.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NalUnitsTest {
  /** Two NALs, 4-byte length prefixes: SEI (type 6), IDR slice (type 5). */
  static final String AVCC = "00000002" + "0605" + "00000003" + "658880";
  static final String ANNEX_B = "00000001" + "0605" + "00000001" + "658880";

  @Test
  void shouldConvertLengthPrefixedToAnnexBAndBack() {
    ByteBuf avcc = Unpooled.wrappedBuffer(HexFormat.of().parseHex(AVCC));
    ByteBuf annexB = Unpooled.buffer();
    NalUnits.avccToAnnexB(avcc, annexB);
    assertThat(ByteBufUtil.hexDump(annexB)).isEqualTo(ANNEX_B);
    ByteBuf back = NalUnits.annexBToAvcc(annexB, ByteBufAllocator.DEFAULT);
    assertThat(ByteBufUtil.hexDump(back)).isEqualTo(AVCC);
    avcc.release();
    annexB.release();
    back.release();
  }

  @Test
  void shouldAcceptThreeByteStartCodesAndTrailingZeros() {
    ByteBuf annexB = Unpooled.wrappedBuffer(HexFormat.of().parseHex("000001" + "0605" + "0000" + "000001" + "658880"));
    ByteBuf avcc = NalUnits.annexBToAvcc(annexB, ByteBufAllocator.DEFAULT);
    assertThat(ByteBufUtil.hexDump(avcc)).isEqualTo(AVCC);
    annexB.release();
    avcc.release();
  }

  @Test
  void shouldDetectRandomAccessPictures() {
    ByteBuf idr = Unpooled.wrappedBuffer(HexFormat.of().parseHex(AVCC));
    ByteBuf nonIdr = Unpooled.wrappedBuffer(HexFormat.of().parseHex("00000002419a"));
    ByteBuf hevcCra = Unpooled.wrappedBuffer(HexFormat.of().parseHex("00000003" + "2a0101")); // type 21 CRA
    assertThat(NalUnits.containsRandomAccess(Codec.H264, idr)).isTrue();
    assertThat(NalUnits.containsRandomAccess(Codec.H264, nonIdr)).isFalse();
    assertThat(NalUnits.containsRandomAccess(Codec.HEVC, hevcCra)).isTrue();
    assertThat(NalUnits.containsSps(Codec.H264, idr)).isFalse();
    idr.release();
    nonIdr.release();
    hevcCra.release();
  }

  @Test
  void shouldReportOverrunningLength() {
    ByteBuf bad = Unpooled.wrappedBuffer(HexFormat.of().parseHex("00000009" + "6588"));
    assertThat(NalUnits.forEach(bad, (b, o, l) -> { })).isFalse();
    bad.release();
  }
}
