package dev.edgerelay.media.rtmp.handshake;

import static dev.edgerelay.media.rtmp.handshake.HandshakeDigest.DIGEST_SIZE;
import static dev.edgerelay.media.rtmp.handshake.HandshakeDigest.PACKET_SIZE;
import static dev.edgerelay.media.rtmp.handshake.HandshakeDigest.SIGNED_PART;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** What FFmpeg puts in C1's version field: Flash Player 9.0.124.2. */
  private static final int FLASH_VERSION = 0x09007C02;

  /** Records what passes the handshake handler: bytes and user events. */
  static final class Downstream extends ChannelInboundHandlerAdapter {
    final ByteBuf bytes = Unpooled.buffer();
    final List<Object> events = new ArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      bytes.writeBytes(in);
      in.release();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      events.add(evt);
    }
  }

  private static byte[] c0c1(int version, boolean signed) {
    byte[] c1 = HandshakeHandler.packet(1234, version);
    if (signed) {
      HandshakeDigest.sign(c1, 0, HandshakeDigest.PLAYER_KEY, HandshakeDigest.PLAYER_KEY_SHORT);
    }
    byte[] c0c1 = new byte[1 + PACKET_SIZE];
    c0c1[0] = 3; // C0: RTMP version 3
    System.arraycopy(c1, 0, c0c1, 1, PACKET_SIZE);
    return c0c1;
  }

  static byte[] outbound(EmbeddedChannel channel) {
    ByteBuf all = Unpooled.buffer();
    ByteBuf part;
    while ((part = channel.readOutbound()) != null) {
      all.writeBytes(part);
      part.release();
    }
    return ByteBufUtil.getBytes(all);
  }

  @Test
  void shouldAnswerPlainHandshakeAndEchoC1InS2() {
    Downstream downstream = new Downstream();
    EmbeddedChannel channel = new EmbeddedChannel(new ServerHandshakeHandler(TIMEOUT), downstream);
    byte[] c0c1 = c0c1(0, false);
    channel.writeInbound(Unpooled.wrappedBuffer(c0c1));
    byte[] reply = outbound(channel);
    assertThat(reply).hasSize(1 + 2 * PACKET_SIZE);
    assertThat(reply[0]).isEqualTo((byte) 3);
    assertThat(Arrays.copyOfRange(reply, 5, 9)).as("S1 zero field").containsOnly(0);
    byte[] s2 = Arrays.copyOfRange(reply, 1 + PACKET_SIZE, reply.length);
    assertThat(Arrays.copyOfRange(s2, 0, 4)).as("S2 time echoes C1 time").isEqualTo(Arrays.copyOfRange(c0c1, 1, 5));
    assertThat(Arrays.copyOfRange(s2, 8, PACKET_SIZE)).as("S2 random echoes C1").isEqualTo(Arrays.copyOfRange(c0c1, 9, 1 + PACKET_SIZE));
    channel.finishAndReleaseAll();
    downstream.bytes.release();
  }

  @Test
  void shouldSignS1AndS2ForDigestC1() {
    EmbeddedChannel channel = new EmbeddedChannel(new ServerHandshakeHandler(TIMEOUT));
    byte[] c0c1 = c0c1(FLASH_VERSION, true);
    channel.writeInbound(Unpooled.wrappedBuffer(c0c1));
    byte[] reply = outbound(channel);
    byte[] s1 = Arrays.copyOfRange(reply, 1, 1 + PACKET_SIZE);
    byte[] s2 = Arrays.copyOfRange(reply, 1 + PACKET_SIZE, reply.length);
    // what FFmpeg's client checks (rtmpproto.c rtmp_handshake): S1 digest under the server key ...
    assertThat(HandshakeDigest.findDigest(s1, HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_SHORT)).isZero();
    // ... and S2 signed with a key derived from the digest of C1
    byte[] c1 = Arrays.copyOfRange(c0c1, 1, c0c1.length);
    int offset = HandshakeDigest.digestOffset(c1, 0);
    byte[] expected = HandshakeDigest.responseSignature(s2, Arrays.copyOfRange(c1, offset, offset + DIGEST_SIZE),
        HandshakeDigest.SERVER_KEY);
    assertThat(Arrays.copyOfRange(s2, SIGNED_PART, PACKET_SIZE)).isEqualTo(expected);
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldFallBackToPlainAnswerWhenVersionedC1HasNoValidDigest() {
    EmbeddedChannel channel = new EmbeddedChannel(new ServerHandshakeHandler(TIMEOUT));
    byte[] c0c1 = c0c1(FLASH_VERSION, false);
    channel.writeInbound(Unpooled.wrappedBuffer(c0c1));
    byte[] reply = outbound(channel);
    assertThat(Arrays.copyOfRange(reply, 1 + PACKET_SIZE + 8, reply.length))
        .isEqualTo(Arrays.copyOfRange(c0c1, 9, c0c1.length));
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldCompleteSplitAtEveryByteAndPassPipelinedBytesOn() {
    byte[] c0c1 = c0c1(FLASH_VERSION, true);
    byte[] wire = new byte[c0c1.length + PACKET_SIZE + 3];
    System.arraycopy(c0c1, 0, wire, 0, c0c1.length);
    wire[wire.length - 3] = 0x02; // the first bytes of a chunk right after C2
    wire[wire.length - 2] = 0x00;
    wire[wire.length - 1] = 0x01;
    for (int split = 1; split < wire.length; split += 1) {
      Downstream downstream = new Downstream();
      EmbeddedChannel channel = new EmbeddedChannel(new ServerHandshakeHandler(TIMEOUT), downstream);
      channel.writeInbound(Unpooled.wrappedBuffer(wire, 0, split));
      channel.writeInbound(Unpooled.wrappedBuffer(wire, split, wire.length - split));
      assertThat(channel.pipeline().get(ServerHandshakeHandler.class)).as("split %d", split).isNull();
      assertThat(downstream.events).containsExactly(HandshakeCompleted.INSTANCE);
      assertThat(ByteBufUtil.hexDump(downstream.bytes)).as("split %d", split).isEqualTo("020001");
      downstream.bytes.release();
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void shouldCloseOnUnsupportedVersion() {
    EmbeddedChannel channel = new EmbeddedChannel(new ServerHandshakeHandler(TIMEOUT));
    byte[] c0c1 = c0c1(0, false);
    c0c1[0] = 6; // RTMPE
    channel.writeInbound(Unpooled.wrappedBuffer(c0c1));
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void shouldCloseWhenHandshakeTimesOut() {
    Downstream downstream = new Downstream();
    EmbeddedChannel channel = new EmbeddedChannel(new ServerHandshakeHandler(Duration.ofMillis(100)), downstream);
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 0, 0}));
    channel.advanceTimeBy(101, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isFalse();
    assertThat(downstream.events).singleElement().isInstanceOfSatisfying(dev.edgerelay.media.rtmp.message.ProtocolFailure.class,
        f -> assertThat(f.timedOut()).isTrue());
    downstream.bytes.release();
  }

  @Test
  void shouldSendC0C1ThenEchoS1AsC2OnTheClientSide() {
    Downstream downstream = new Downstream();
    EmbeddedChannel channel = new EmbeddedChannel(new ClientHandshakeHandler(TIMEOUT, ClientHandshake.PLAIN), downstream);
    byte[] c0c1 = outbound(channel);
    assertThat(c0c1).hasSize(1 + PACKET_SIZE);
    assertThat(c0c1[0]).isEqualTo((byte) 3);
    byte[] s0s1 = c0c1(0, false);
    channel.writeInbound(Unpooled.wrappedBuffer(s0s1));
    assertThat(outbound(channel)).as("C2 echoes S1").isEqualTo(Arrays.copyOfRange(s0s1, 1, s0s1.length));
    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(c0c1, 1, c0c1.length))); // S2
    assertThat(downstream.events).containsExactly(HandshakeCompleted.INSTANCE);
    assertThat(channel.pipeline().get(ClientHandshakeHandler.class)).isNull();
    downstream.bytes.release();
    channel.finishAndReleaseAll();
  }
}
