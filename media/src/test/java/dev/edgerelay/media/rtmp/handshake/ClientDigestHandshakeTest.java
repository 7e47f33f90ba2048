package dev.edgerelay.media.rtmp.handshake;

import static dev.edgerelay.media.rtmp.handshake.HandshakeDigest.PACKET_SIZE;
import static dev.edgerelay.media.rtmp.handshake.HandshakeDigest.SIGNED_PART;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.message.ProtocolFailure;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The client's digest handshake: against our own server handler (bytes piped between two embedded
 * channels, S0+S1+S2 also split at every byte), against plain and odd servers it must tolerate, and
 * against an S2 it must refuse.
 */
class ClientDigestHandshakeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static byte[] outbound(EmbeddedChannel channel) {
    return HandshakeTest.outbound(channel);
  }

  private static byte[] c1(byte[] c0c1) {
    return Arrays.copyOfRange(c0c1, 1, c0c1.length);
  }

  @Test
  void shouldSendAC1SignedWithThePlayerKeyInSchemaZero() {
    EmbeddedChannel client = new EmbeddedChannel(new ClientHandshakeHandler(TIMEOUT, ClientHandshake.DIGEST));
    byte[] c1 = c1(outbound(client));
    assertThat(Arrays.copyOfRange(c1, 4, 8)).as("Flash Player 9.0.124.2").containsExactly(9, 0, 124, 2);
    assertThat(HandshakeDigest.findDigest(c1, HandshakeDigest.PLAYER_KEY, HandshakeDigest.PLAYER_KEY_SHORT)).isZero();
    client.finishAndReleaseAll();
  }

  @Test
  void shouldSendAPlainC1InPlainMode() {
    EmbeddedChannel client = new EmbeddedChannel(new ClientHandshakeHandler(TIMEOUT, ClientHandshake.PLAIN));
    byte[] c1 = c1(outbound(client));
    assertThat(Arrays.copyOfRange(c1, 4, 8)).as("zero field of spec 5.2.3").containsOnly(0);
    client.finishAndReleaseAll();
  }

  @Test
  void shouldCompleteADigestHandshakeWithOurServerWhateverTheSplitOfS0S1S2() {
    int length = 1 + 2 * PACKET_SIZE;
    for (int split = 1; split < length; split++) {
      HandshakeTest.Downstream clientSide = new HandshakeTest.Downstream();
      HandshakeTest.Downstream serverSide = new HandshakeTest.Downstream();
      EmbeddedChannel client = new EmbeddedChannel(
          new ClientHandshakeHandler(TIMEOUT, ClientHandshake.DIGEST), clientSide);
      EmbeddedChannel server = new EmbeddedChannel(new ServerHandshakeHandler(TIMEOUT), serverSide);
      byte[] c0c1 = outbound(client);
      server.writeInbound(Unpooled.wrappedBuffer(c0c1));
      byte[] s0s1s2 = outbound(server);
      byte[] s1 = Arrays.copyOfRange(s0s1s2, 1, 1 + PACKET_SIZE);
      int schema = HandshakeDigest.findDigest(s1, HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_SHORT);
      assertThat(schema).as("our server signed S1").isZero();
      client.writeInbound(Unpooled.wrappedBuffer(s0s1s2, 0, split));
      client.writeInbound(Unpooled.wrappedBuffer(s0s1s2, split, length - split));
      byte[] c2 = outbound(client);
      assertThat(c2).hasSize(PACKET_SIZE);
      byte[] expected = HandshakeDigest.responseSignature(c2, HandshakeDigest.embeddedDigest(s1, schema),
          HandshakeDigest.PLAYER_KEY);
      assertThat(Arrays.copyOfRange(c2, SIGNED_PART, PACKET_SIZE)).as("C2 signed, split %d", split).isEqualTo(expected);
      assertThat(clientSide.events).as("split %d", split).containsExactly(HandshakeCompleted.INSTANCE);
      server.writeInbound(Unpooled.wrappedBuffer(c2));
      assertThat(serverSide.events).containsExactly(HandshakeCompleted.INSTANCE);
      client.finishAndReleaseAll();
      server.finishAndReleaseAll();
      clientSide.bytes.release();
      serverSide.bytes.release();
    }
  }

  @Test
  void shouldEchoAPlainS1InDigestMode() {
    byte[] s1 = HandshakeHandler.packet(77, 0); // zero version field: the server speaks plain
    assertCompletesWithC2(s1, s1);
  }

  @Test
  void shouldTolerateAVersionedS1WithoutADigest() {
    byte[] s1 = HandshakeHandler.packet(77, 0x01020304); // a version, but no digest verifies in it
    assertCompletesWithC2(s1, s1);
  }

  @Test
  void shouldAcceptAnEchoedC1AsS2FromADigestServer() {
    HandshakeTest.Downstream downstream = new HandshakeTest.Downstream();
    EmbeddedChannel client = new EmbeddedChannel(new ClientHandshakeHandler(TIMEOUT, ClientHandshake.DIGEST), downstream);
    byte[] c1 = c1(outbound(client));
    byte[] s1 = HandshakeHandler.packet(77, 0x0D0E0A0D);
    HandshakeDigest.sign(s1, 1, HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_SHORT);
    client.writeInbound(Unpooled.wrappedBuffer(new byte[] {3}), Unpooled.wrappedBuffer(s1), Unpooled.wrappedBuffer(c1));
    byte[] c2 = outbound(client);
    assertThat(Arrays.copyOfRange(c2, SIGNED_PART, PACKET_SIZE)).as("C2 signed with S1's schema 1 digest").isEqualTo(
        HandshakeDigest.responseSignature(c2, HandshakeDigest.embeddedDigest(s1, 1), HandshakeDigest.PLAYER_KEY));
    assertThat(downstream.events).containsExactly(HandshakeCompleted.INSTANCE);
    downstream.bytes.release();
    client.finishAndReleaseAll();
  }

  @Test
  void shouldFailWhenADigestServersS2IsNeitherSignedNorAnEcho() {
    HandshakeTest.Downstream downstream = new HandshakeTest.Downstream();
    EmbeddedChannel client = new EmbeddedChannel(new ClientHandshakeHandler(TIMEOUT, ClientHandshake.DIGEST), downstream);
    outbound(client);
    byte[] s1 = HandshakeHandler.packet(77, 0x0D0E0A0D);
    HandshakeDigest.sign(s1, 1, HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_SHORT); // schema 1 this time
    byte[] s2 = HandshakeHandler.packet(77, 0); // random: signed by nothing
    client.writeInbound(Unpooled.wrappedBuffer(new byte[] {3}), Unpooled.wrappedBuffer(s1), Unpooled.wrappedBuffer(s2));
    assertThat(client.isOpen()).isFalse();
    assertThat(downstream.events).singleElement().isInstanceOfSatisfying(ProtocolFailure.class,
        f -> assertThat(f.reason()).contains("S2 is neither signed with our C1 digest nor an echo of C1"));
    downstream.bytes.release();
    client.finishAndReleaseAll();
  }

  /** Sends S0 S1 and an S2 echoing our C1 (the plain form); expects {@code c2} and completion. */
  private static void assertCompletesWithC2(byte[] s1, byte[] c2) {
    HandshakeTest.Downstream downstream = new HandshakeTest.Downstream();
    EmbeddedChannel client = new EmbeddedChannel(new ClientHandshakeHandler(TIMEOUT, ClientHandshake.DIGEST), downstream);
    byte[] c1 = c1(outbound(client));
    client.writeInbound(Unpooled.wrappedBuffer(new byte[] {3}), Unpooled.wrappedBuffer(s1));
    assertThat(outbound(client)).as("C2").isEqualTo(c2);
    client.writeInbound(Unpooled.wrappedBuffer(c1)); // S2 echoes C1
    assertThat(downstream.events).containsExactly(HandshakeCompleted.INSTANCE);
    downstream.bytes.release();
    client.finishAndReleaseAll();
  }
}
