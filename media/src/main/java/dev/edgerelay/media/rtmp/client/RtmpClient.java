package dev.edgerelay.media.rtmp.client;

import dev.edgerelay.media.net.SocketTransport;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.RtmpPipeline;
import dev.edgerelay.media.rtmp.handshake.ClientHandshakeHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.TimeUnit;

/** Pulls live streams over RTMP: connect, createStream, play, media until closed. */
public final class RtmpClient implements AutoCloseable {
  private final RtmpConfig config;
  private final EventLoopGroup group;
  private final boolean ownsGroup;

  private RtmpClient(RtmpConfig config, EventLoopGroup group, boolean ownsGroup) {
    this.config = new RtmpConfig(config).validate(); // a copy: later changes to the caller's do not reach live connections
    this.group = group;
    this.ownsGroup = ownsGroup;
  }

  public static RtmpClient create(RtmpConfig config) {
    return new RtmpClient(config, new MultiThreadIoEventLoopGroup(1, SocketTransport.best().handlerFactory()), true);
  }

  /** A client on the caller's event loops (for example Vert.x's); the caller closes them. */
  public static RtmpClient create(RtmpConfig config, EventLoopGroup group) {
    return new RtmpClient(config, group, false);
  }

  /** Starts a pull of {@code url}; never throws for network trouble, the returned pull's futures report it. */
  public RtmpPull play(String url, RtmpPlayListener listener) {
    return play(url, listener, group);
  }

  /**
   * Starts a pull whose connection lives on {@code loop}, one of this client's group or any other: the
   * listener then runs on that thread, so a caller confined to it needs no hop per message.
   */
  public RtmpPull play(String url, RtmpPlayListener listener, EventLoopGroup loop) {
    RtmpUrl target = RtmpUrl.parse(url);
    RtmpPull pull = new RtmpPull();
    ChannelFuture connect = new Bootstrap()
        .group(loop)
        .channel(SocketTransport.of(loop).socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            RtmpPipeline.configure(ch.pipeline(), new ClientHandshakeHandler(config.handshakeTimeout(), config.clientHandshake()), config,
                new ClientSession(config, target, listener, pull));
          }
        })
        .connect(target.host(), target.port());
    pull.attach(connect.channel());
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        RtmpClientException.Reason reason = f.cause() instanceof ConnectTimeoutException
            ? RtmpClientException.Reason.TIMED_OUT : RtmpClientException.Reason.REFUSED;
        pull.fail(new RtmpClientException(reason, null, target.host() + ":" + target.port() + ": " + f.cause()));
      }
    });
    return pull;
  }

  @Override
  public void close() {
    if (ownsGroup) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
