package dev.edgerelay.media.rtmp.handshake;

import static dev.edgerelay.media.rtmp.handshake.HandshakeDigest.PACKET_SIZE;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.List;

/**
 * The server side of the handshake. Reads C0+C1 and answers S0+S1+S2 at once (spec 5.2.5 allows it),
 * then waits for C2. A C1 with a zero version field gets the plain answer (S2 echoes C1); a C1 whose
 * digest verifies gets a signed S1 and an S2 signed with that digest, which Flash and FFmpeg check.
 */
public final class ServerHandshakeHandler extends HandshakeHandler {
  /** The version we claim in a digest S1; nginx-rtmp sends the same, FFmpeg only needs it non-zero. */
  private static final int SERVER_VERSION = 0x0D0E0A0D;

  private enum State { C0_C1, C2, BAD }

  private State state = State.C0_C1;
  private final long startNanos = System.nanoTime();

  public ServerHandshakeHandler(Duration timeout) {
    super(timeout);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (state) {
      case C0_C1:
        if (in.readableBytes() < 1 + PACKET_SIZE) {
          return;
        }
        if (!readVersion(ctx, in, "C0")) {
          state = State.BAD;
          return;
        }
        byte[] c1 = read(in, PACKET_SIZE);
        ByteBuf reply = ctx.alloc().buffer(1 + 2 * PACKET_SIZE);
        reply.writeByte(RTMP_VERSION);
        answer(c1, reply);
        ctx.writeAndFlush(reply);
        state = State.C2;
        // fall through: C2 may have come in the same read
      case C2:
        if (in.readableBytes() < PACKET_SIZE) {
          return;
        }
        in.skipBytes(PACKET_SIZE); // C2 echoes S1; peers disagree on its time fields, so it is not checked
        complete(ctx);
        return;
      case BAD:
      default:
        in.skipBytes(in.readableBytes());
    }
  }

  private void answer(byte[] c1, ByteBuf reply) {
    int now = (int) ((System.nanoTime() - startNanos) / 1_000_000);
    int schema = HandshakeDigest.hasVersion(c1)
        ? HandshakeDigest.findDigest(c1, HandshakeDigest.PLAYER_KEY, HandshakeDigest.PLAYER_KEY_SHORT) : -1;
    if (schema < 0) {
      // plain handshake (spec 5.2.3, 5.2.4); also the fallback for a version field without a valid digest
      reply.writeBytes(packet(now, 0));
      reply.writeBytes(c1, 0, 4).writeInt(now).writeBytes(c1, 8, PACKET_SIZE - 8);
      return;
    }
    byte[] s1 = packet(now, SERVER_VERSION);
    HandshakeDigest.sign(s1, schema, HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_SHORT);
    byte[] s2 = HandshakeDigest.signResponse(packet(now, 0), HandshakeDigest.embeddedDigest(c1, schema),
        HandshakeDigest.SERVER_KEY);
    reply.writeBytes(s1).writeBytes(s2);
  }
}
