package dev.edgerelay.media.rtmp.handshake;

import static dev.edgerelay.media.rtmp.handshake.HandshakeDigest.PACKET_SIZE;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.List;

/**
 * The client side of the handshake: the plain form (spec 5.2), which every server accepts because it
 * is what librtmp, OBS and GStreamer send. C2 goes out as soon as S1 is in, not after S2: some
 * servers wait for C2 before they send S2.
 */
public final class ClientHandshakeHandler extends HandshakeHandler {
  private enum State { S0_S1, S2, BAD }

  private State state = State.S0_S1;
  private boolean started;

  public ClientHandshakeHandler(Duration timeout) {
    super(timeout);
  }

  @Override
  void start(ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    ByteBuf c0c1 = ctx.alloc().buffer(1 + PACKET_SIZE);
    c0c1.writeByte(RTMP_VERSION).writeBytes(packet(0, 0));
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
        // C2 echoes S1 (spec 5.2.4)
        ctx.writeAndFlush(in.readRetainedSlice(PACKET_SIZE));
        state = State.S2;
        // fall through: S2 usually arrives with S1
      case S2:
        if (in.readableBytes() < PACKET_SIZE) {
          return;
        }
        in.skipBytes(PACKET_SIZE);
        complete(ctx);
        return;
      case BAD:
      default:
        in.skipBytes(in.readableBytes());
    }
  }
}
