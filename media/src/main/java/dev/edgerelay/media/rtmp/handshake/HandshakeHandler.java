package dev.edgerelay.media.rtmp.handshake;

import dev.edgerelay.media.rtmp.message.PeerLog;
import dev.edgerelay.media.rtmp.message.ProtocolFailure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client and server handshakes share (spec 5.2): a deadline, a logged close on failure, and
 * leaving the pipeline when done. Leaving is what hands bytes the peer sent right after its last
 * handshake packet (a pipelined connect command) to the chunk decoder behind us.
 */
abstract class HandshakeHandler extends ByteToMessageDecoder {
  private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);
  /** Spec 5.2.2: version 3 is the only plain RTMP version; 6 and 8 are the encrypted RTMPE variants. */
  static final int RTMP_VERSION = 3;

  private final Duration timeout;
  private ScheduledFuture<?> deadline;
  private boolean finished;

  HandshakeHandler(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    deadline = ctx.executor().schedule(() -> {
      if (!finished) {
        fail(ctx, "handshake not done within " + timeout.toMillis() + " ms", true);
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    start(ctx);
    super.channelActive(ctx);
  }

  /** Called once the channel is active: the client sends C0 and C1 here. */
  void start(ChannelHandlerContext ctx) {}

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  final void complete(ChannelHandlerContext ctx) {
    finished = true;
    ctx.pipeline().remove(this);
    ctx.fireUserEventTriggered(HandshakeCompleted.INSTANCE);
  }

  final void fail(ChannelHandlerContext ctx, String reason) {
    fail(ctx, reason, false);
  }

  private void fail(ChannelHandlerContext ctx, String reason, boolean timedOut) {
    finished = true;
    PeerLog.protocolError(log, ctx, "in the handshake: " + reason);
    ctx.fireUserEventTriggered(new ProtocolFailure(reason, timedOut));
    ctx.close();
  }

  /**
   * Reads the one-byte version of C0 or S0 (spec 5.2.2). On anything but 3 it closes the connection,
   * skips the rest and returns false; the caller then moves to its bad state.
   */
  final boolean readVersion(ChannelHandlerContext ctx, ByteBuf in, String packet) {
    int version = in.readUnsignedByte();
    if (version == RTMP_VERSION) {
      return true;
    }
    in.skipBytes(in.readableBytes());
    fail(ctx, "unsupported RTMP version " + version + " in " + packet);
    return false;
  }

  /** A packet of time, four bytes (zero or a version) and random filler (spec 5.2.3). */
  static byte[] packet(int time, int version) {
    byte[] p = new byte[HandshakeDigest.PACKET_SIZE];
    ThreadLocalRandom.current().nextBytes(p);
    writeInt(p, 0, time);
    writeInt(p, 4, version);
    return p;
  }

  static void writeInt(byte[] p, int at, int value) {
    p[at] = (byte) (value >>> 24);
    p[at + 1] = (byte) (value >>> 16);
    p[at + 2] = (byte) (value >>> 8);
    p[at + 3] = (byte) value;
  }

  static byte[] read(ByteBuf in, int length) {
    byte[] bytes = new byte[length];
    in.readBytes(bytes);
    return bytes;
  }
}
