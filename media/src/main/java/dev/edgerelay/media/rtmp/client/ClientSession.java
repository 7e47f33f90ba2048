package dev.edgerelay.media.rtmp.client;

import static dev.edgerelay.media.rtmp.client.RtmpClientException.Reason.CLOSED;
import static dev.edgerelay.media.rtmp.client.RtmpClientException.Reason.MALFORMED;
import static dev.edgerelay.media.rtmp.client.RtmpClientException.Reason.REJECTED;
import static dev.edgerelay.media.rtmp.client.RtmpClientException.Reason.TIMED_OUT;

import dev.edgerelay.media.amf0.Amf0Object;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.handshake.HandshakeCompleted;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.rtmp.message.ProtocolFailure;
import dev.edgerelay.media.rtmp.message.SetChunkSize;
import dev.edgerelay.media.rtmp.message.UserControlMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client's half of a pull (spec 7.2.1.1, 7.2.2.1): connect, createStream, play, then media until
 * the server ends the stream or the connection closes. Each step has a deadline; the first media
 * frame has its own, because a server may accept play and then send nothing.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {
  private static final double CONNECT_TX = 1;
  private static final double CREATE_STREAM_TX = 2;
  /** Buffer length announced after play, as librtmp does; some servers pace the first GOP by it. */
  private static final int BUFFER_LENGTH_MILLIS = 3000;

  private enum State { HANDSHAKE, CONNECTING, CREATING_STREAM, PLAY_REQUESTED, PLAYING, DONE }

  private final RtmpConfig config;
  private final RtmpUrl url;
  private final RtmpPlayListener listener;
  private final RtmpPull pull;
  private State state = State.HANDSHAKE;
  private ScheduledFuture<?> deadline;
  private boolean mediaSeen;
  private ProtocolFailure protocolFailure;

  ClientSession(RtmpConfig config, RtmpUrl url, RtmpPlayListener listener, RtmpPull pull) {
    this.config = config;
    this.url = url;
    this.listener = listener;
    this.pull = pull;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == HandshakeCompleted.INSTANCE) {
      state = State.CONNECTING;
      ctx.write(new SetChunkSize(config.outboundChunkSize()));
      Amf0Object info = Amf0Object.of("app", url.app(), "flashVer", "LNX 9,0,124,2", "tcUrl", url.tcUrl(),
          "fpad", false, "capabilities", 15.0, "audioCodecs", 4071.0, "videoCodecs", 252.0,
          "videoFunction", 1.0);
      ctx.writeAndFlush(CommandMessage.of(0, "connect", CONNECT_TX, info));
      arm(ctx, config.connectTimeout().toMillis(), "no answer to connect");
    } else if (evt instanceof ProtocolFailure failure) {
      protocolFailure = failure;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof MediaMessage media) {
      if (state != State.PLAYING && state != State.PLAY_REQUESTED) {
        media.release();
        return;
      }
      if (!mediaSeen) {
        mediaSeen = true;
        disarm();
      }
      listener.onMedia(media);
    } else if (msg instanceof DataMessage data) {
      if (data.isMetadata()) {
        listener.onMetadata(data.forPlayer(data.streamId()));
      }
    } else if (msg instanceof CommandMessage command) {
      command(ctx, command);
    } else if (msg instanceof UserControlMessage ping && ping.eventType() == UserControlMessage.PING_REQUEST) {
      ctx.writeAndFlush(UserControlMessage.of(UserControlMessage.PING_RESPONSE, ping.value()));
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void command(ChannelHandlerContext ctx, CommandMessage c) {
    if (NetStatus.ERROR.equals(c.name())) {
      fail(ctx, new RtmpClientException(REJECTED, NetStatus.code(c), String.valueOf(NetStatus.description(c))));
    } else if (NetStatus.RESULT.equals(c.name()) && c.transactionId() == CONNECT_TX && state == State.CONNECTING) {
      state = State.CREATING_STREAM;
      ctx.writeAndFlush(CommandMessage.of(0, "createStream", CREATE_STREAM_TX, null));
      arm(ctx, config.connectTimeout().toMillis(), "no answer to createStream");
    } else if (NetStatus.RESULT.equals(c.name()) && c.transactionId() == CREATE_STREAM_TX
        && state == State.CREATING_STREAM) {
      if (!(c.argument(0) instanceof Double id)) {
        fail(ctx, new RtmpClientException(MALFORMED, null, "createStream answered without a stream id"));
        return;
      }
      int streamId = id.intValue();
      state = State.PLAY_REQUESTED;
      // play's transaction id is 0: the answer is onStatus, not _result (spec 7.2.2.1)
      ctx.write(CommandMessage.of(streamId, "play", 0, null, url.playName(), -1000.0));
      ctx.writeAndFlush(new UserControlMessage(UserControlMessage.SET_BUFFER_LENGTH, streamId, BUFFER_LENGTH_MILLIS));
      arm(ctx, config.firstMediaTimeout().toMillis(), "no media after play");
    } else if (NetStatus.ON_STATUS.equals(c.name())) {
      onStatus(ctx, c);
    }
  }

  private void onStatus(ChannelHandlerContext ctx, CommandMessage c) {
    String code = NetStatus.code(c);
    Object info = c.argument(0);
    boolean error = info instanceof Amf0Object o && NetStatus.LEVEL_ERROR.equals(o.string("level"));
    if (error) {
      fail(ctx, new RtmpClientException(REJECTED, code, String.valueOf(NetStatus.description(c))));
    } else if (NetStatus.PLAY_START.equals(code)) {
      state = State.PLAYING;
      pull.started().complete(null);
    } else if (NetStatus.PLAY_UNPUBLISH_NOTIFY.equals(code) || NetStatus.PLAY_STOP.equals(code)) {
      finish(ctx);
    }
  }

  private void arm(ChannelHandlerContext ctx, long millis, String what) {
    disarm();
    deadline = ctx.executor().schedule(
        () -> fail(ctx, new RtmpClientException(TIMED_OUT, null, what + " within " + millis + " ms")),
        millis, TimeUnit.MILLISECONDS);
  }

  private void disarm() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private void fail(ChannelHandlerContext ctx, RtmpClientException cause) {
    if (state == State.DONE) {
      return;
    }
    state = State.DONE;
    disarm();
    pull.fail(cause);
    ctx.close();
  }

  private void finish(ChannelHandlerContext ctx) {
    if (state == State.DONE) {
      return;
    }
    state = State.DONE;
    disarm();
    pull.finish();
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (protocolFailure != null) {
      fail(ctx, new RtmpClientException(protocolFailure.timedOut() ? TIMED_OUT : MALFORMED, null,
          protocolFailure.reason()));
    } else if (state == State.PLAYING) {
      finish(ctx); // a server that closes after playing ended the stream, as ffmpeg -listen does
    } else {
      fail(ctx, new RtmpClientException(CLOSED, null, "connection closed in state " + state));
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, new RtmpClientException(CLOSED, null, cause.toString()));
  }
}
