package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.net.SocketTransport;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.RtmpPipeline;
import dev.edgerelay.media.rtmp.chunk.ChunkBudget;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An RTMP server: accepts publishers and players and joins them by "app/name" through its
 * {@link StreamRegistry}, unless an application serves its own plays ({@link PlaybackProvider}, for example
 * a {@link StreamPlayback} of a live stream) and takes its own publishes ({@link PublishProvider}).
 */
public final class RtmpServer implements AutoCloseable {
  /**
   * Bytes Netty may hold for one player before the channel reports unwritable: a keyframe or two. Past
   * it, frames wait in the player's own bounded queue where they can be skipped.
   */
  public static final WriteBufferWaterMark PLAYER_WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

  private final RtmpConfig config;
  private final StreamRegistry registry;
  private final RtmpAuthorizer authorizer;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final Map<String, PlaybackProvider> providers = new ConcurrentHashMap<>();
  private final Map<String, PublishProvider> publishers = new ConcurrentHashMap<>();
  /** Memory held by unfinished messages, shared by every connection (maxServerBufferedBytes). */
  private final ChunkBudget budget;
  private Channel serverChannel;

  private RtmpServer(RtmpConfig config, RtmpAuthorizer authorizer, EventLoopGroup group, boolean ownsGroup) {
    this.config = new RtmpConfig(config).validate(); // a copy: later changes to the caller's do not reach live connections
    this.registry = new StreamRegistry(config);
    this.budget = new ChunkBudget(this.config.maxServerBufferedBytes());
    this.authorizer = authorizer;
    this.group = group;
    this.ownsGroup = ownsGroup;
  }

  /** A server on its own event loops (one per core, on the best {@link SocketTransport}), closed with it. */
  public static RtmpServer create(RtmpConfig config, RtmpAuthorizer authorizer) {
    return new RtmpServer(config, authorizer,
        new MultiThreadIoEventLoopGroup(SocketTransport.best().handlerFactory()), true);
  }

  /** A server on the caller's event loops, for example Vert.x's; the caller closes them. */
  public static RtmpServer create(RtmpConfig config, RtmpAuthorizer authorizer, EventLoopGroup group) {
    return new RtmpServer(config, authorizer, group, false);
  }

  /** Binds and waits for the bind; port 0 picks a free port, see {@link #port()}. */
  public RtmpServer bind(String host, int port) throws InterruptedException {
    serverChannel = new ServerBootstrap()
        .group(group)
        .channel(SocketTransport.of(group).serverSocketChannel())
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, PLAYER_WATER_MARK)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            RtmpPipeline.configureServer(ch.pipeline(), config, budget,
                new ServerSession(config, registry, authorizer, providers, publishers));
          }
        })
        .bind(host, port).sync().channel();
    return this;
  }

  /** The port bound, useful after binding port 0; -1 before {@link #bind}. */
  public int port() {
    return serverChannel == null ? -1 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /**
   * Serves plays of {@code app} from {@code provider} instead of the live registry, from now on (also
   * after bind: a part of the node that starts later registers when it is ready).
   */
  public RtmpServer playback(String app, PlaybackProvider provider) {
    providers.put(app, provider);
    return this;
  }

  /** Hands publishes to {@code app} to {@code provider} instead of the live registry, from now on. */
  public RtmpServer publishing(String app, PublishProvider provider) {
    publishers.put(app, provider);
    return this;
  }

  public StreamRegistry registry() {
    return registry;
  }

  /** Bytes the unfinished messages of all connections hold now. */
  public long bufferedBytes() {
    return budget.held();
  }

  @Override
  public void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
