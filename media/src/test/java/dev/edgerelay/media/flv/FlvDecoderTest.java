package dev.edgerelay.media.flv;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlvDecoderTest {
  /** A two-tag FLV file, Adobe FLV spec v10.1 annex E, field by field. */
  static final String FILE = String.join("",
      "464c56", // E.2 Signature "FLV"
      "01", // Version 1
      "05", // TypeFlagsAudio (0x04) | TypeFlagsVideo (0x01)
      "00000009", // DataOffset: header is 9 bytes
      "00000000", // E.3 PreviousTagSize0
      // tag 1: video, AVC sequence header
      "09", // TagType 9 = video, Filter 0
      "000012", // DataSize 18
      "000000", "00", // Timestamp 0, TimestampExtended 0
      "000000", // StreamID
      "17", "00", "000000", // FrameType 1 | CodecID 7, AVCPacketType 0, CompositionTime 0
      "01640028ff", // AVCDecoderConfigurationRecord: version 1, High, compat 0, level 4.0, lengthSizeMinusOne 3
      "e1", "0002", "6764", // numOfSequenceParameterSets 1, length 2, a (truncated) SPS
      "01", "0000", // numOfPictureParameterSets 1, a zero-length PPS
      "0000001d", // PreviousTagSize 11 + 18
      // tag 2: audio, raw AAC, timestamp 0x01000023 (needs the extended byte)
      "08", // TagType 8 = audio
      "000004", // DataSize 4
      "000023", "01", // Timestamp 0x000023, TimestampExtended 0x01 -> 0x01000023
      "000000", // StreamID
      "af", "01", "2110", // SoundFormat 10 AAC 44k 16-bit stereo, AACPacketType 1, 2 bytes of frame
      "0000000f"); // PreviousTagSize 11 + 4

  @Test
  void shouldDecodeTagsFieldByField() {
    List<FlvTag> tags = decode(List.of(bytes(FILE)));
    assertThat(tags).extracting(FlvTag::type).containsExactly(FlvTagType.VIDEO, FlvTagType.AUDIO);
    assertThat(tags).extracting(FlvTag::timestamp).containsExactly(0L, 0x01000023L);
    assertThat(ByteBufUtil.hexDump(tags.get(1).body())).isEqualTo("af012110");
    assertThat(tags.get(0).body().readableBytes()).isEqualTo(18);
    tags.forEach(FlvTag::release);
  }

  @Test
  void shouldDecodeFixtureSplitAtEveryByteBoundary() {
    byte[] file = bytes(FILE);
    for (int cut = 1; cut < file.length; cut++) {
      List<FlvTag> tags = decode(List.of(java.util.Arrays.copyOf(file, cut),
          java.util.Arrays.copyOfRange(file, cut, file.length)));
      assertThat(tags).as("split at %d", cut).hasSize(2);
      assertThat(tags.get(1).timestamp()).isEqualTo(0x01000023L);
      tags.forEach(FlvTag::release);
    }
  }

  @Test
  void shouldRejectWrongPreviousTagSizeAndStop() {
    String broken = FILE.replace("0000001d", "0000001c");
    FlvDecoder decoder = new FlvDecoder();
    List<FlvTag> tags = decode(decoder, List.of(bytes(broken)));
    assertThat(tags).hasSize(1); // the tag before the bad size is whole; nothing after it is trusted
    assertThat(decoder.failure()).contains("PreviousTagSize 28 where 29");
    tags.forEach(FlvTag::release);
  }

  @Test
  void shouldRejectNonFlvSignatureAndCloseTheChannel() {
    FlvDecoder decoder = new FlvDecoder();
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(Unpooled.wrappedBuffer(bytes("474946383961" + "000000000000"))); // "GIF89a"
    assertThat(decoder.failure()).contains("not an FLV stream");
    assertThat(channel.isOpen()).isFalse();
    assertThat((Object) channel.readInbound()).isNull();
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldRejectEncryptedAndOversizedTags() {
    String header = FILE.substring(0, 26); // file header and PreviousTagSize0
    FlvDecoder encrypted = new FlvDecoder();
    assertThat(decode(encrypted, List.of(bytes(header + "29" + "000001" + "00000000" + "000000" + "00")))).isEmpty();
    assertThat(encrypted.failure()).contains("Filter bit");
    FlvDecoder capped = new FlvDecoder(16);
    assertThat(decode(capped, List.of(bytes(header + "09" + "000011" + "00000000" + "000000")))).isEmpty();
    assertThat(capped.failure()).contains("17 bytes over the cap of 16");
  }

  @Test
  void shouldRoundTripThroughWriter() {
    List<FlvTag> tags = decode(List.of(bytes(FILE)));
    ByteBuf out = Unpooled.buffer();
    FlvWriter.writeHeader(true, true, out);
    tags.forEach(t -> FlvWriter.writeTag(t, out));
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo(FILE);
    out.release();
    tags.forEach(FlvTag::release);
  }

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  static List<FlvTag> decode(List<byte[]> chunks) {
    return decode(new FlvDecoder(), chunks);
  }

  static List<FlvTag> decode(FlvDecoder decoder, List<byte[]> chunks) {
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    for (byte[] chunk : chunks) {
      channel.writeInbound(Unpooled.wrappedBuffer(chunk));
    }
    List<FlvTag> tags = new ArrayList<>();
    for (Object o; (o = channel.readInbound()) != null; ) {
      tags.add((FlvTag) o);
    }
    channel.finishAndReleaseAll();
    return tags;
  }
}
