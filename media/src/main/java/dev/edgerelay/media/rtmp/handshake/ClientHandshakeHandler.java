package dev.edgerelay.media.rtmp.handshake;

import static dev.edgerelay.media.rtmp.handshake.HandshakeDigest.PACKET_SIZE;
import static dev.edgerelay.media.rtmp.handshake.HandshakeDigest.SIGNED_PART;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the handshake, plain (spec 5.2) or digest ({@link HandshakeDigest}). C2 goes out as
 * soon as S1 is in, not after S2: some servers wait for C2 before they send S2.
 *
 * <p>Digest mode: C1 carries Flash Player's version and a digest (schema 0, as FFmpeg). An S1 whose digest
 * verifies under the server key (either schema) is answered with a C2 signed by that digest, and S2 must
 * then be signed with our C1 digest (what FFmpeg checks) or be a plain echo of C1. An S1 without a valid
 * digest (FFmpeg's own {@code -listen} server, nginx-rtmp and SRS answering plainly) is tolerated and
 * answered the plain way, C2 echoing S1: refusing it would lose origins that every player reaches.
 */
public final class ClientHandshakeHandler extends HandshakeHandler {
  private static final Logger log = LoggerFactory.getLogger(ClientHandshakeHandler.class);
  /** What C1's version field claims in digest mode: Flash Player 9.0.124.2, as FFmpeg sends. */
  static final int FLASH_PLAYER_VERSION = 0x09007C02;
  /** The schema our C1 digest uses: FFmpeg's choice, which every digest-speaking server reads. */
  static final int C1_SCHEMA = 0;

  private enum State { S0_S1, S2, BAD }

  private final ClientHandshake mode;
  private State state = State.S0_S1;
  private boolean started;
  private byte[] c1;
  /** Our C1 digest when the server answered with a verified S1, else null: S2 is then checked against it. */
  private byte[] signedBy;

  public ClientHandshakeHandler(Duration timeout, ClientHandshake mode) {
    super(timeout);
    this.mode = mode;
  }

  @Override
  void start(ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    c1 = packet(0, mode == ClientHandshake.DIGEST ? FLASH_PLAYER_VERSION : 0);
    if (mode == ClientHandshake.DIGEST) {
      HandshakeDigest.sign(c1, C1_SCHEMA, HandshakeDigest.PLAYER_KEY, HandshakeDigest.PLAYER_KEY_SHORT);
    }
    ByteBuf c0c1 = ctx.alloc().buffer(1 + PACKET_SIZE);
    c0c1.writeByte(RTMP_VERSION).writeBytes(c1);
    ctx.writeAndFlush(c0c1);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (state) {
      case S0_S1:
        if (in.readableBytes() < 1 + PACKET_SIZE) {
          return;
        }
        if (!readVersion(ctx, in, "S0")) {
          state = State.BAD;
          return;
        }
        ctx.writeAndFlush(ctx.alloc().buffer(PACKET_SIZE).writeBytes(c2(read(in, PACKET_SIZE))));
        state = State.S2;
        // fall through: S2 usually arrives with S1
      case S2:
        if (in.readableBytes() < PACKET_SIZE) {
          return;
        }
        byte[] s2 = read(in, PACKET_SIZE);
        if (signedBy != null && !acceptableS2(s2)) {
          state = State.BAD;
          in.skipBytes(in.readableBytes());
          fail(ctx, "S2 is neither signed with our C1 digest nor an echo of C1");
          return;
        }
        complete(ctx);
        return;
      case BAD:
      default:
        in.skipBytes(in.readableBytes());
    }
  }

  /** C2 for this S1: signed when S1's digest verifies (digest mode only), else S1 echoed (spec 5.2.4). */
  private byte[] c2(byte[] s1) {
    boolean versioned = HandshakeDigest.hasVersion(s1);
    int schema = mode == ClientHandshake.DIGEST && versioned
        ? HandshakeDigest.findDigest(s1, HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_SHORT) : -1;
    if (schema < 0) {
      if (mode == ClientHandshake.DIGEST) {
        log.debug("S1 (version field {}) carries no server digest: answering the plain way",
            versioned ? "set" : "zero");
      }
      return s1;
    }
    signedBy = HandshakeDigest.embeddedDigest(c1, C1_SCHEMA);
    return HandshakeDigest.signResponse(packet(0, 0), HandshakeDigest.embeddedDigest(s1, schema),
        HandshakeDigest.PLAYER_KEY);
  }

  private boolean acceptableS2(byte[] s2) {
    byte[] expected = HandshakeDigest.responseSignature(s2, signedBy, HandshakeDigest.SERVER_KEY);
    boolean signed = MessageDigest.isEqual(expected, Arrays.copyOfRange(s2, SIGNED_PART, PACKET_SIZE));
    boolean echo = Arrays.equals(s2, 8, PACKET_SIZE, c1, 8, PACKET_SIZE);
    return signed || echo;
  }
}
