package dev.edgerelay.sim.rtmp;

import dev.edgerelay.media.net.SocketTransport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The origin's event loops, which also remember every accepted connection by its peer address. The media
 * module's {@code RtmpServer} keeps its connections to itself; its authorization hook only sees the peer
 * address, so this is where the origin finds the connection of a player it admits, to list it
 * (getonlinelist, spec 13.2) and to drop it (fault injection). Accepted channels pass through
 * {@link #register(Channel)} on their way to a loop, which is where they are recorded.
 */
final class TrackedLoops extends MultiThreadIoEventLoopGroup {
  /** Connections the origin keeps open at once; beyond it a new one is closed at once. */
  static final int MAX_CONNECTIONS = 4096;

  private final Map<SocketAddress, Channel> accepted = new ConcurrentHashMap<>();

  TrackedLoops(int threads) {
    super(threads, new DefaultThreadFactory("sim-rtmp", true), SocketTransport.best().handlerFactory());
  }

  @Override
  public ChannelFuture register(Channel channel) {
    SocketAddress peer = channel.parent() == null ? null : channel.remoteAddress();
    if (peer == null) {
      return super.register(channel);
    }
    if (accepted.size() >= MAX_CONNECTIONS) {
      ChannelFuture registered = super.register(channel);
      registered.addListener(f -> channel.close());
      return registered;
    }
    accepted.put(peer, channel);
    channel.closeFuture().addListener(f -> accepted.remove(peer, channel));
    return super.register(channel);
  }

  /** The open connection from {@code peer}, or null. */
  Channel connection(SocketAddress peer) {
    return peer == null ? null : accepted.get(peer);
  }

  List<Channel> connections() {
    return List.copyOf(accepted.values());
  }
}
