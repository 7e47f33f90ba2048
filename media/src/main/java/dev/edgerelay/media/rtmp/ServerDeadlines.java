package dev.edgerelay.media.rtmp;

import dev.edgerelay.media.rtmp.handshake.HandshakeCompleted;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.rtmp.message.PeerLog;
import dev.edgerelay.media.rtmp.message.ProtocolFailure;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of a server connection after its handshake (which has its own): a first command within
 * {@link RtmpConfig#commandTimeout()}, then a complete message at least every {@link RtmpConfig#idleTimeout()}
 * until the peer plays (we send it NetStream.Play.Start; a refused play does not count). A player only
 * listens from then on, and its bounded queue governs it; a publisher keeps sending frames, so one that
 * goes quiet is closed like any other idle peer. Completed messages count, not bytes: a peer trickling the
 * bytes of one huge message is exactly what holds memory for nothing.
 *
 * <p>Sits between the chunk decoder and the session and runs on the channel's event loop: one timer per
 * connection, re-armed for the remaining time when it fires early (as Netty's IdleStateHandler does).
 */
public final class ServerDeadlines extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(ServerDeadlines.class);

  private final long commandNanos;
  private final long idleNanos;
  private long handshakeNanos;
  private long lastMessageNanos;
  private boolean commanded;
  private boolean playing;
  private ScheduledFuture<?> timer;

  public ServerDeadlines(Duration commandTimeout, Duration idleTimeout) {
    this.commandNanos = commandTimeout.toNanos();
    this.idleNanos = idleTimeout.toNanos();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == HandshakeCompleted.INSTANCE && timer == null) {
      handshakeNanos = System.nanoTime();
      lastMessageNanos = Math.max(lastMessageNanos, handshakeNanos);
      arm(ctx, Math.min(commandNanos, idleNanos));
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    lastMessageNanos = System.nanoTime();
    commanded |= msg instanceof CommandMessage;
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (!playing && msg instanceof CommandMessage c && NetStatus.ON_STATUS.equals(c.name())) {
      playing = NetStatus.PLAY_START.equals(NetStatus.code(c));
    }
    super.write(ctx, msg, promise);
  }

  private void arm(ChannelHandlerContext ctx, long delayNanos) {
    timer = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive() || playing) {
      return;
    }
    long now = System.nanoTime();
    long commandLeft = commanded ? Long.MAX_VALUE : handshakeNanos + commandNanos - now;
    long idleLeft = lastMessageNanos + idleNanos - now;
    if (commandLeft <= 0) {
      close(ctx, "no command within " + TimeUnit.NANOSECONDS.toMillis(commandNanos)
          + " ms of the handshake (commandTimeout)");
    } else if (idleLeft <= 0) {
      close(ctx, "no complete message for " + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms (idleTimeout)");
    } else {
      arm(ctx, Math.min(commandLeft, idleLeft));
    }
  }

  private void close(ChannelHandlerContext ctx, String reason) {
    PeerLog.protocolError(log, ctx, reason);
    ctx.fireUserEventTriggered(new ProtocolFailure(reason, true));
    ctx.close();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
