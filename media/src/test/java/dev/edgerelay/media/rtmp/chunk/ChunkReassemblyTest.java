package dev.edgerelay.media.rtmp.chunk;

import static dev.edgerelay.media.amf0.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * Reassembly without copies: a message is handed over as views of the bytes the socket delivered, unless it
 * comes in more than {@link ChunkStream#MAX_MESSAGE_PARTS} pieces. Writing into the input after decoding
 * shows which: a view sees the write, a copy does not.
 */
class ChunkReassemblyTest {
  /** A 200-byte video message at the default chunk size of 128: two chunks. */
  private static final byte[] TWO_CHUNKS = bytes(
      "06", "000028", "0000C8", "09", "01000000", // fmt 0, csid 6, ts 40, length 200, video, stream 1
      ChunkFixtures.KEYFRAME_200.substring(0, 256), // the first 128 bytes
      "C6", // fmt 3 continuation on csid 6
      ChunkFixtures.KEYFRAME_200.substring(256)); // the other 72
  private static final int FIRST_PAYLOAD = 12;
  private static final int SECOND_PAYLOAD = FIRST_PAYLOAD + 128 + 1;

  @Test
  void shouldHandOverASingleChunkMessageAsAViewOfTheInput() {
    byte[] wire = bytes("06", "000028", "000004", "09", "01000000", "17010000"); // a 4-byte video message
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()));
    channel.writeInbound(Unpooled.wrappedBuffer(wire));
    MediaMessage m = channel.readInbound();
    wire[FIRST_PAYLOAD + 3] = 0x55;
    assertThat(ByteBufUtil.hexDump(m.content())).isEqualTo("17010055");
    m.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldHoldAMultiChunkMessageAsViewsOfEachChunk() {
    byte[] wire = TWO_CHUNKS.clone();
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()));
    channel.writeInbound(Unpooled.wrappedBuffer(wire, 0, 100), Unpooled.wrappedBuffer(wire, 100, wire.length - 100));
    MediaMessage m = channel.readInbound();
    wire[FIRST_PAYLOAD + 10] = 0x11; // in the first read
    wire[FIRST_PAYLOAD + 120] = 0x22; // the same chunk, second read
    wire[SECOND_PAYLOAD + 5] = 0x33; // the second chunk
    assertThat(m.content().readableBytes()).isEqualTo(200);
    assertThat(m.content().getByte(10)).isEqualTo((byte) 0x11);
    assertThat(m.content().getByte(120)).isEqualTo((byte) 0x22);
    assertThat(m.content().getByte(128 + 5)).isEqualTo((byte) 0x33);
    m.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldCopyAMessageThatArrivesInTooManyPieces() {
    byte[] wire = TWO_CHUNKS.clone();
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()));
    for (int i = 0; i < wire.length; i++) { // one byte per read: 200 pieces
      channel.writeInbound(Unpooled.wrappedBuffer(wire, i, 1));
    }
    MediaMessage m = channel.readInbound();
    wire[FIRST_PAYLOAD + 10] = 0x11;
    wire[SECOND_PAYLOAD + 5] = 0x33;
    assertThat(ByteBufUtil.hexDump(m.content())).isEqualTo(ChunkFixtures.KEYFRAME_200.toLowerCase());
    m.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldCopyAMessageOfMoreChunksThanTheLimitFromTheStart() {
    byte[] wire = bytes("02", "000000", "000004", "01", "00000000", "00000002", // set chunk size 2
        "06", "000028", "0000C8", "09", "01000000", chunked(ChunkFixtures.KEYFRAME_200, 2, "C6"));
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()));
    channel.writeInbound(Unpooled.wrappedBuffer(wire));
    channel.readInbound(); // the set chunk size
    MediaMessage m = channel.readInbound();
    assertThat(ByteBufUtil.hexDump(m.content())).isEqualTo(ChunkFixtures.KEYFRAME_200.toLowerCase());
    m.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldLetGoOfTheInputWhenAPartialMessageIsAborted() {
    ByteBuf input = Unpooled.wrappedBuffer(TWO_CHUNKS, 0, SECOND_PAYLOAD - 1); // the first chunk
    input.retain(); // the test's own reference, to watch the decoder's
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()));
    channel.writeInbound(input);
    assertThat(input.refCnt()).as("the open message holds a view").isEqualTo(2);
    channel.writeInbound(Unpooled.wrappedBuffer(bytes(
        "02", "000000", "000004", "02", "00000000", "00000006"))); // csid 2: abort chunk stream 6
    assertThat(input.refCnt()).isEqualTo(1);
    input.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldCopyASmallMessageRatherThanPinAReadBufferManyTimesItsSize() {
    byte[] wire = bytes("06", "000028", "000004", "09", "01000000", "17010000"); // a 4-byte video message
    ByteBuf input = Unpooled.buffer(ChunkStream.MAX_PIN_RATIO * 4 * 16).writeBytes(wire); // a roomy read buffer
    input.retain(); // the test's own reference, to watch the decoder's
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()));
    channel.writeInbound(input);
    MediaMessage m = channel.readInbound();
    assertThat(input.refCnt()).as("the message does not keep the read buffer alive").isEqualTo(1);
    input.setByte(FIRST_PAYLOAD + 3, 0x55);
    assertThat(ByteBufUtil.hexDump(m.content())).isEqualTo("17010000");
    m.release();
    input.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldKeepAMessageAsAViewWhenItFillsMostOfItsReadBuffer() {
    ByteBuf input = Unpooled.buffer(TWO_CHUNKS.length * ChunkStream.MAX_PIN_RATIO / 2).writeBytes(TWO_CHUNKS);
    input.retain();
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()));
    channel.writeInbound(input);
    MediaMessage m = channel.readInbound();
    assertThat(input.refCnt()).as("one reference per chunk's slice").isEqualTo(3);
    m.release();
    assertThat(input.refCnt()).isEqualTo(1);
    input.release();
    channel.finishAndReleaseAll();
  }

  /** {@code hex} cut into chunks of {@code size} bytes with {@code continuation} between them. */
  private static String chunked(String hex, int size, String continuation) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2 * size) {
      sb.append(i == 0 ? "" : continuation).append(hex, i, Math.min(hex.length(), i + 2 * size));
    }
    return sb.toString();
  }
}
