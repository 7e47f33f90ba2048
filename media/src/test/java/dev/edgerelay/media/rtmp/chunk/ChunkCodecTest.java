package dev.edgerelay.media.rtmp.chunk;

import static dev.edgerelay.media.amf0.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.message.Acknowledgement;
import dev.edgerelay.media.rtmp.message.RtmpMessage;
import dev.edgerelay.media.rtmp.message.WindowAcknowledgementSize;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkCodecTest {
  static List<ChunkFixtures.Fixture> fixtures() {
    return ChunkFixtures.all();
  }

  static List<ChunkFixtures.Fixture> canonicalFixtures() {
    return ChunkFixtures.all().stream().filter(ChunkFixtures.Fixture::canonical).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void shouldDecodeFixture(ChunkFixtures.Fixture fixture) {
    assertThat(decode(RtmpConfig.defaults(), fixture.bytes())).isEqualTo(expected(fixture));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void shouldDecodeFixtureSplitAtEveryByte(ChunkFixtures.Fixture fixture) {
    byte[] bytes = fixture.bytes();
    List<Object> expected = expected(fixture);
    for (int split = 1; split < bytes.length; split++) {
      assertThat(decode(RtmpConfig.defaults(), bytes, split)).as("split at %d", split).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("canonicalFixtures")
  void shouldEncodeFixture(ChunkFixtures.Fixture fixture) {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkEncoder());
    for (RtmpMessage m : fixture.messages().get()) {
      channel.writeOutbound(m);
    }
    ByteBuf wire = Unpooled.buffer();
    ByteBuf part;
    while ((part = channel.readOutbound()) != null) {
      wire.writeBytes(part);
      part.release();
    }
    assertThat(ByteBufUtil.hexDump(wire)).isEqualTo(ByteBufUtil.hexDump(fixture.bytes()));
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldApplySetChunkSizeToTheNextChunk() {
    byte[] wire = bytes(
        "02", "000000", "000004", "01", "00000000", "000000C8", // set chunk size 200
        "06", "000028", "0000C8", "09", "01000000", ChunkFixtures.KEYFRAME_200); // one 200-byte chunk
    assertThat(decode(RtmpConfig.defaults(), wire)).last().isEqualTo(
        ChunkFixtures.comparable(ChunkFixtures.video(40, ChunkFixtures.KEYFRAME_200)));
  }

  @Test
  void shouldAcknowledgeEachWindowOfReceivedBytes() {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()));
    channel.writeInbound(Unpooled.wrappedBuffer(bytes("02", "000000", "000004", "05", "00000000", "00000020")));
    assertThat((Object) channel.readInbound()).isEqualTo(new WindowAcknowledgementSize(32));
    channel.writeInbound(Unpooled.wrappedBuffer(bytes("06", "000000", "000004", "09", "01000000", "17010000")));
    assertThat((Object) channel.readOutbound()).isEqualTo(new Acknowledgement(16 + 16));
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldCloseOnMessageLargerThanTheLimit() {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().setMaxMessageSize(100).chunkLimits()));
    channel.writeInbound(Unpooled.wrappedBuffer(bytes("06", "000000", "000065", "09", "01000000"))); // 101 bytes
    assertThat(channel.isOpen()).isFalse();
    assertThat(channel.pipeline().get(ChunkDecoder.class)).isNull(); // removed on close
  }

  @Test
  void shouldCloseOnCompressedHeaderForUnknownChunkStream() {
    ChunkDecoder decoder = new ChunkDecoder(RtmpConfig.defaults().chunkLimits());
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(Unpooled.wrappedBuffer(bytes("46", "000028", "000004", "09")));
    assertThat(channel.isOpen()).isFalse();
    assertThat(decoder.badReason()).contains("starts with a format 1 header");
  }

  @Test
  void shouldCloseWhenChunkStreamsExceedTheLimit() {
    ChunkDecoder decoder = new ChunkDecoder(RtmpConfig.defaults().setMaxChunkStreams(2).chunkLimits());
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(Unpooled.wrappedBuffer(bytes(
        "04", "000000", "000002", "09", "01000000", "2701",
        "05", "000000", "000002", "09", "01000000", "2701",
        "07", "000000", "000002", "09", "01000000", "2701")));
    assertThat(channel.isOpen()).isFalse();
    assertThat(decoder.badReason()).contains("chunk streams");
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldCloseOnChunkSizeAboveOurLimit() {
    ChunkDecoder decoder = new ChunkDecoder(RtmpConfig.defaults().setMaxChunkSize(4096).chunkLimits());
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(Unpooled.wrappedBuffer(bytes("02", "000000", "000004", "01", "00000000", "7FFFFFFF")));
    assertThat(channel.isOpen()).isFalse();
    assertThat(decoder.badReason()).contains("limit 4096");
    channel.finishAndReleaseAll();
  }

  private static List<Object> expected(ChunkFixtures.Fixture fixture) {
    List<Object> expected = new ArrayList<>();
    for (RtmpMessage m : fixture.messages().get()) {
      expected.add(ChunkFixtures.comparable(m));
      ReferenceCountUtil.release(m);
    }
    return expected;
  }

  static List<Object> decode(RtmpConfig config, byte[] bytes, int... splits) {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(config.chunkLimits()));
    int from = 0;
    for (int split : splits) {
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, from, split - from));
      from = split;
    }
    channel.writeInbound(Unpooled.wrappedBuffer(bytes, from, bytes.length - from));
    List<Object> out = new ArrayList<>();
    Object m;
    while ((m = channel.readInbound()) != null) {
      out.add(ChunkFixtures.comparable(m));
      ReferenceCountUtil.release(m);
    }
    channel.finishAndReleaseAll();
    return out;
  }
}
