package dev.edgerelay.media.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket transport of an event loop group: Linux's epoll through Netty's native library where it loads, Java's
 * NIO elsewhere. A channel only registers with loops of its own transport, so a connection made on a group that
 * someone else built (Vert.x's) takes that group's transport ({@link #of}); a group built here takes the best one
 * ({@link #best}). Why epoll: docs/operations.md, "Native transport".
 */
public enum SocketTransport {
  NIO(NioSocketChannel.class, NioServerSocketChannel.class),
  EPOLL(EpollSocketChannel.class, EpollServerSocketChannel.class);

  private final Class<? extends SocketChannel> socketChannel;
  private final Class<? extends ServerSocketChannel> serverSocketChannel;

  SocketTransport(Class<? extends SocketChannel> socketChannel,
      Class<? extends ServerSocketChannel> serverSocketChannel) {
    this.socketChannel = socketChannel;
    this.serverSocketChannel = serverSocketChannel;
  }

  /**
   * Epoll when its native library loads here and {@code io.netty.transport.noNative} does not turn it off (Netty's
   * own switch, the same one Vert.x obeys), else NIO.
   */
  public static SocketTransport best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  /** The transport whose channels register with {@code group}'s loops. */
  public static SocketTransport of(EventLoopGroup group) {
    return group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class) ? EPOLL : NIO;
  }

  /** Makes the loops of a group of this transport (epoll's loads the native library, so only when asked). */
  public IoHandlerFactory handlerFactory() {
    return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  public Class<? extends SocketChannel> socketChannel() {
    return socketChannel;
  }

  public Class<? extends ServerSocketChannel> serverSocketChannel() {
    return serverSocketChannel;
  }
}
