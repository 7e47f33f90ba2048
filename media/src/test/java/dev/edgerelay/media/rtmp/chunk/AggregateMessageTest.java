package dev.edgerelay.media.rtmp.chunk;

import static dev.edgerelay.media.amf0.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.message.AggregateSplitter;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.ProtocolFailure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Aggregate messages (spec 7.1.6) that break their framing: each closes the connection with a reason and
 * delivers none of its parts, whatever came before it stays delivered. Well-formed aggregates are in
 * {@link ChunkFixtures}, where they are also fed split at every byte boundary.
 */
class AggregateMessageTest {
  /** A one-chunk aggregate on csid 4, ts 1000, stream 1, around {@code body} (under 128 bytes). */
  private static byte[] aggregate(String... body) {
    byte[] payload = bytes(body);
    return bytes("04", "0003E8", String.format("%06X", payload.length), "16", "01000000",
        java.util.HexFormat.of().formatHex(payload));
  }

  static List<Arguments> malformed() {
    return List.of(
        Arguments.of("header cut short", aggregate(
            "09", "000002", "000000", "00", "000000", "2701", "0000000D", // a good video part
            "08", "000001", "000000"), // 7 of the next part's 11 header bytes
            "header truncated to 7 bytes"),
        Arguments.of("size overruns the aggregate", aggregate(
            "09", "000010", "000000", "00", "000000", // claims 16 body bytes
            "2701", "0000000D"), // has 2 and a back pointer
            "overrun"),
        Arguments.of("back pointer missing", aggregate(
            "09", "000002", "000000", "00", "000000", "2701", "0000"), // half a back pointer
            "overrun"),
        Arguments.of("nested aggregate", aggregate(
            "16", "000000", "000000", "00", "000000", "00000000"),
            "type 22 cannot be aggregated"),
        Arguments.of("command inside", aggregate(
            "14", "000001", "000000", "00", "000000", "05", "0000000C"),
            "type 20 cannot be aggregated"),
        Arguments.of("data part with broken AMF0", aggregate(
            "12", "000003", "000000", "00", "000000", "020010", "0000000E"), // string of 16 bytes, none there
            "aggregate sub-message at byte 0: type 18"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void shouldCloseTheConnectionOnAMalformedAggregate(String name, byte[] aggregate, String reason) {
    byte[] before = bytes("06", "000028", "000002", "09", "01000000", "2701"); // a good video message first
    byte[] wire = new byte[before.length + aggregate.length];
    System.arraycopy(before, 0, wire, 0, before.length);
    System.arraycopy(aggregate, 0, wire, before.length, aggregate.length);
    for (int split = 1; split < wire.length; split++) {
      Failures failures = new Failures();
      ChunkDecoder decoder = new ChunkDecoder(RtmpConfig.defaults().chunkLimits());
      EmbeddedChannel channel = new EmbeddedChannel(decoder, failures);
      channel.writeInbound(Unpooled.wrappedBuffer(wire, 0, split));
      channel.writeInbound(Unpooled.wrappedBuffer(wire, split, wire.length - split));
      List<Object> delivered = drain(channel);
      assertThat(channel.isOpen()).as("split %d", split).isFalse();
      assertThat(decoder.badReason()).as("split %d", split).contains(reason);
      assertThat(failures.reasons).as("split %d", split).containsExactly(decoder.badReason());
      assertThat(delivered).as("only the message before the aggregate, split %d", split)
          .containsExactly(ChunkFixtures.comparable(ChunkFixtures.video(40, "2701")));
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void shouldCloseOnMoreSubMessagesThanTheLimit() {
    // empty video parts: 15 bytes each (header and back pointer); one more than the limit
    int parts = AggregateSplitter.MAX_PARTS + 1;
    ByteBuf wire = Unpooled.buffer();
    int length = parts * 15;
    wire.writeBytes(bytes("04", "000000", String.format("%06X", length), "16", "01000000"));
    for (int i = 0, inChunk = 0; i < parts; i++) {
      for (byte b : bytes("09", "000000", "000000", "00", "000000", "0000000B")) {
        if (inChunk == 128) {
          wire.writeByte(0xC4); // fmt 3 continuation every 128 bytes of payload
          inChunk = 0;
        }
        wire.writeByte(b);
        inChunk++;
      }
    }
    ChunkDecoder decoder = new ChunkDecoder(RtmpConfig.defaults().chunkLimits());
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(wire);
    assertThat(drain(channel)).isEmpty();
    assertThat(decoder.badReason()).isEqualTo("aggregate of more than " + AggregateSplitter.MAX_PARTS + " messages");
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldDeliverMediaPartsAsViewsOfTheAggregateWithoutACopy() {
    byte[] wire = aggregate("09", "000002", "000000", "00", "000000", "2701", "0000000D");
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()));
    channel.writeInbound(Unpooled.wrappedBuffer(wire));
    MediaMessage m = channel.readInbound();
    wire[12 + 11 + 1] = 0x55; // the part's second body byte, after chunk header and sub-header
    assertThat(m.content().getByte(1)).isEqualTo((byte) 0x55);
    m.release();
    channel.finishAndReleaseAll();
  }

  /** Garbage after a valid aggregate header never throws out of the decoder, and every buffer is released. */
  @Property(tries = 1000)
  void garbageAggregatesNeverEscapeTheDecoder(@ForAll @Size(max = 300) byte[] body,
      @ForAll @IntRange(min = 1, max = 40) int split) {
    ByteBuf wire = Unpooled.buffer();
    wire.writeBytes(bytes("04", "000000")).writeMedium(body.length).writeByte(22).writeIntLE(1);
    for (int i = 0; i < body.length; i++) {
      if (i > 0 && i % 128 == 0) {
        wire.writeByte(0xC4);
      }
      wire.writeByte(body[i]);
    }
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()));
    while (wire.isReadable() && channel.isOpen()) {
      channel.writeInbound(wire.readRetainedSlice(Math.min(split, wire.readableBytes())));
      drain(channel);
    }
    channel.finishAndReleaseAll();
    assertThat(wire.release()).as("every slice of the input was released").isTrue();
  }

  /**
   * Aggregates built from well-framed parts, then possibly damaged (a size off by a few bytes, a foreign
   * type): undamaged ones deliver every part with its rebased timestamp, damaged ones never throw out.
   */
  @Property(tries = 500)
  void builtAggregatesDeliverEveryPartOrCloseCleanly(
      @ForAll @Size(max = 12) List<@Size(max = 40) byte[]> bodies,
      @ForAll @IntRange(min = 0, max = 0xFFFFFF) int base, @ForAll @IntRange(min = -1, max = 30) int damaged,
      @ForAll @IntRange(min = -3, max = 3) int sizeError, @ForAll boolean foreignType) {
    ByteBuf body = Unpooled.buffer();
    for (int i = 0; i < bodies.size(); i++) {
      boolean damage = i == damaged;
      int type = damage && foreignType ? 20 : i % 2 == 0 ? 8 : 9;
      body.writeByte(type).writeMedium(bodies.get(i).length + (damage && !foreignType ? sizeError : 0))
          .writeMedium(base + 10 * i).writeByte((base + 10 * i) >>> 24).writeMedium(0) // carries into the high byte
          .writeBytes(bodies.get(i)).writeInt(11 + bodies.get(i).length);
    }
    ByteBuf wire = Unpooled.buffer();
    wire.writeBytes(bytes("04", "000064")).writeMedium(body.readableBytes()).writeByte(22).writeIntLE(1);
    for (int i = 0; body.isReadable(); i++) {
      if (i > 0) {
        wire.writeByte(0xC4);
      }
      wire.writeBytes(body, Math.min(128, body.readableBytes()));
    }
    body.release();
    ChunkDecoder decoder = new ChunkDecoder(RtmpConfig.defaults().chunkLimits());
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(wire);
    List<Object> delivered = drain(channel);
    boolean intact = damaged < 0 || damaged >= bodies.size() || (!foreignType && sizeError == 0);
    if (intact) {
      assertThat(decoder.badReason()).isNull();
      assertThat(delivered).hasSize(bodies.size());
      for (int i = 0; i < bodies.size(); i++) {
        assertThat((String) delivered.get(i)).startsWith((i % 2 == 0 ? 8 : 9) + "@" + (100 + 10 * i) + "/1:");
      }
    } else {
      assertThat(delivered).isEmpty();
      assertThat(channel.isOpen()).isFalse();
    }
    channel.finishAndReleaseAll();
  }

  private static List<Object> drain(EmbeddedChannel channel) {
    List<Object> out = new ArrayList<>();
    Object m;
    while ((m = channel.readInbound()) != null) {
      out.add(ChunkFixtures.comparable(m));
      ReferenceCountUtil.release(m);
    }
    return out;
  }

  /** Collects the reasons the decoder announces before it closes. */
  private static final class Failures extends ChannelInboundHandlerAdapter {
    final List<String> reasons = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ProtocolFailure f) {
        reasons.add(f.reason());
      }
    }
  }
}
