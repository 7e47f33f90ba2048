package dev.edgerelay.media.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Memory of unfinished messages: charged as payload arrives, bounded per connection and per server. */
class ChunkBudgetTest {
  /** The chunk size before any Set Chunk Size (spec 5.4.1). */
  private static final int CHUNK = 128;
  private static final int EIGHT_MIB = 8 * 1024 * 1024;

  /**
   * A format 0 header on chunk stream {@code csid}: timestamp 0, {@code length}, video (9), message
   * stream 1, then {@code payload} bytes of that message.
   */
  static ByteBuf chunk(ByteBuf out, int csid, int length, int payload) {
    if (csid < 64) {
      out.writeByte(csid); // format 0 in the top two bits
    } else {
      out.writeByte(0).writeByte(csid - 64); // two-byte basic header (spec 5.3.1.1)
    }
    out.writeMedium(0).writeMedium(length).writeByte(9).writeIntLE(1);
    return out.writeZero(payload);
  }

  /** Format 3 continuation chunks on {@code csid} (1-byte basic header) carrying {@code count} x 128 bytes. */
  static ByteBuf continuation(ByteBuf out, int csid, int count) {
    for (int i = 0; i < count; i++) {
      out.writeByte(0xC0 | csid).writeZero(CHUNK);
    }
    return out;
  }

  @Test
  void shouldHoldOnlyTheBytesThatArrivedWhenHeadersDeclareLargeMessages() {
    ChunkBudget budget = new ChunkBudget(RtmpConfig.DEFAULT_MAX_SERVER_BUFFERED_BYTES);
    ChunkDecoder decoder = new ChunkDecoder(RtmpConfig.defaults().chunkLimits(), budget);
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    ByteBuf in = Unpooled.buffer();
    for (int csid = 2; csid < 2 + RtmpConfig.DEFAULT_MAX_CHUNK_STREAMS; csid++) {
      chunk(in, csid, EIGHT_MIB, CHUNK); // 8 MiB declared, one chunk sent: the rest never comes
    }
    channel.writeInbound(in);

    assertThat(channel.isOpen()).isTrue();
    // 128 bytes per stream; the header's word once cost 256 KiB each
    assertThat(decoder.heldBytes()).isEqualTo(64L * CHUNK);
    assertThat(budget.held()).isEqualTo(64L * CHUNK);
    channel.close();
    assertThat(budget.held()).isZero();
  }

  @Test
  void shouldHoldOnlyTheBytesThatArrivedWhereverTheReadsSplit() {
    ByteBuf all = Unpooled.buffer();
    int streams = 4; // enough to interleave; every boundary of 64 streams would take 20 s
    for (int csid = 2; csid < 2 + streams; csid++) {
      chunk(all, csid, EIGHT_MIB, CHUNK);
    }
    byte[] bytes = ByteBufUtil.getBytes(all);
    all.release();
    for (int split = 1; split < bytes.length; split++) {
      ChunkBudget budget = new ChunkBudget(RtmpConfig.DEFAULT_MAX_SERVER_BUFFERED_BYTES);
      ChunkDecoder decoder = new ChunkDecoder(RtmpConfig.defaults().chunkLimits(), budget);
      EmbeddedChannel channel = new EmbeddedChannel(decoder);
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
      // a copy grown across the split may have room for up to twice what it holds, never more
      assertThat(decoder.heldBytes()).as("split at %d", split).isBetween((long) streams * CHUNK, 2L * streams * CHUNK);
      assertThat(budget.held()).isEqualTo(decoder.heldBytes());
      channel.close();
      assertThat(budget.held()).isZero();
    }
  }

  @Test
  void shouldCompactSlicesThatPinLargeReadBuffersOnceTheConnectionHoldsMoreThanTheThreshold() {
    ChunkDecoder decoder = new ChunkDecoder(RtmpConfig.defaults().chunkLimits());
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    // GIVEN one message begun in a 64 KiB read, as an honest publisher's keyframe in flight: kept as a slice
    channel.writeInbound(firstChunkInABigRead(4));
    assertThat(decoder.heldBytes()).isGreaterThanOrEqualTo(64 * 1024);

    // WHEN more messages begin, each in its own 64 KiB read, until the connection pins more than the threshold
    for (int csid = 5; csid <= 8; csid++) {
      channel.writeInbound(firstChunkInABigRead(csid));
    }

    // THEN every unfinished message holds only the bytes that arrived, not the read buffers they kept alive
    assertThat(5L * 64 * 1024).isGreaterThan(ChunkDecoder.COMPACT_ABOVE_BYTES);
    assertThat(decoder.heldBytes()).isEqualTo(5L * CHUNK);
    channel.writeInbound(continuation(Unpooled.buffer(), 4, 30).writeByte(0xC4).writeZero(4000 - 31 * CHUNK));
    MediaMessage message = channel.readInbound();
    assertThat(message.content().readableBytes()).isEqualTo(4000);
    message.release();
    assertThat(decoder.heldBytes()).isEqualTo(4L * CHUNK); // the finished one is its consumer's now
    channel.finishAndReleaseAll();
  }

  /** The first chunk of a 4000-byte message on {@code csid}, alone in a read buffer of 64 KiB. */
  private static ByteBuf firstChunkInABigRead(int csid) {
    ByteBuf read = ByteBufAllocator.DEFAULT.buffer(64 * 1024); // as a socket read of 64 KiB would be
    chunk(read, csid, 4000, CHUNK); // 32 chunks: held as slices of the input
    return read;
  }

  @Test
  void shouldCloseWhenOneConnectionHoldsMoreThanItsLimit() {
    ChunkBudget budget = new ChunkBudget(RtmpConfig.DEFAULT_MAX_SERVER_BUFFERED_BYTES);
    ChunkDecoder decoder = new ChunkDecoder(RtmpConfig.defaults().setMaxMessageSize(EIGHT_MIB)
        .setMaxConnectionBufferedBytes(1024).chunkLimits(), budget);
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    ByteBuf in = chunk(Unpooled.buffer(), 4, EIGHT_MIB, CHUNK);
    channel.writeInbound(continuation(in, 4, 8)); // 1152 bytes: the copy grows to 2048

    assertThat(channel.isOpen()).isFalse();
    assertThat(decoder.badReason()).isEqualTo("unfinished messages would hold 2048 bytes, limit 1024 (maxConnectionBufferedBytes)");
    assertThat(budget.held()).isZero();
  }

  @Test
  void shouldCloseTheConnectionThatPassesTheSharedBudgetAndKeepTheOthers() {
    ChunkBudget budget = new ChunkBudget(2048);
    ChunkDecoder first = new ChunkDecoder(RtmpConfig.defaults().chunkLimits(), budget);
    ChunkDecoder second = new ChunkDecoder(RtmpConfig.defaults().chunkLimits(), budget);
    EmbeddedChannel a = new EmbeddedChannel(first);
    EmbeddedChannel b = new EmbeddedChannel(second);
    a.writeInbound(continuation(chunk(Unpooled.buffer(), 4, EIGHT_MIB, CHUNK), 4, 7)); // 1024 bytes
    assertThat(budget.held()).isEqualTo(1024);
    b.writeInbound(continuation(chunk(Unpooled.buffer(), 4, EIGHT_MIB, CHUNK), 4, 8)); // would hold 2048 more

    assertThat(b.isOpen()).isFalse();
    assertThat(second.badReason()).contains("more than 2048 bytes (maxServerBufferedBytes)");
    assertThat(a.isOpen()).isTrue();
    assertThat(budget.held()).isEqualTo(1024);
    a.close();
    assertThat(budget.held()).isZero();
  }

  @Test
  void shouldGiveBackWhatAnAbortedMessageHeld() {
    ChunkDecoder decoder = new ChunkDecoder(RtmpConfig.defaults().chunkLimits());
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(chunk(Unpooled.buffer(), 4, EIGHT_MIB, CHUNK));
    assertThat(decoder.heldBytes()).isEqualTo(CHUNK);
    // Abort (type 2) of chunk stream 4, on the control chunk stream 2 (spec 5.4.2)
    ByteBuf abort = Unpooled.buffer().writeByte(2).writeMedium(0).writeMedium(4).writeByte(2).writeIntLE(0).writeInt(4);
    channel.writeInbound(abort);
    assertThat(decoder.heldBytes()).isZero();
    assertThat(channel.isOpen()).isTrue();
    channel.finishAndReleaseAll();
  }
}
