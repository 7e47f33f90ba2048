package dev.edgerelay.media.rtmp.message;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;
import java.io.IOException;
import org.slf4j.Logger;

/**
 * How an RTMP connection's end is logged (docs/operations.md, logging): a peer that goes away (a reset, a broken
 * pipe) is ordinary and logged at debug; a peer that breaks the protocol or its deadlines is logged once per
 * connection at info, with the peer's address and the reason, however many handlers notice it afterwards.
 */
public final class PeerLog {
  /** Set on a connection once its protocol error was logged. */
  private static final AttributeKey<Boolean> REPORTED = AttributeKey.valueOf(PeerLog.class, "reported");

  private PeerLog() {}

  /** The peer broke the protocol or a deadline: {@code reason} says how; the connection is about to close. */
  public static void protocolError(Logger log, ChannelHandlerContext ctx, String reason) {
    if (ctx.channel().attr(REPORTED).setIfAbsent(Boolean.TRUE) == null) {
      log.info("{}: closing RTMP connection: {}", ctx.channel().remoteAddress(), reason);
    }
  }

  /** An exception on the connection: the socket's own (the peer went away) at debug, any other a protocol error. */
  public static void exception(Logger log, ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("{}: RTMP connection lost: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      protocolError(log, ctx, cause.toString());
    }
  }
}
