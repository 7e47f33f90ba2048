package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.chunk.ChunkDecoder;
import dev.edgerelay.media.rtmp.chunk.ChunkEncoder;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * A peer on a plain blocking socket, for tests that need to misbehave: send garbage, stop reading, or
 * play an origin that sends what ours does not. Chunks are produced by our encoder; the handshake is
 * the plain one.
 */
final class RawRtmpPeer implements AutoCloseable {
  private final Socket socket;
  private final EmbeddedChannel encoder = new EmbeddedChannel(new ChunkEncoder());
  private final EmbeddedChannel decoder = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()));

  RawRtmpPeer(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    byte[] c0c1 = new byte[1 + 1536];
    c0c1[0] = 3;
    socket.getOutputStream().write(c0c1);
    new DataInputStream(socket.getInputStream()).readFully(new byte[1 + 2 * 1536]); // S0 S1 S2
    socket.getOutputStream().write(new byte[1536]); // C2
  }

  private RawRtmpPeer(Socket accepted, byte[] s1) throws IOException {
    socket = accepted;
    socket.setSoTimeout(10_000);
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] c0c1 = new byte[1 + 1536];
    in.readFully(c0c1);
    socket.getOutputStream().write(3); // S0
    socket.getOutputStream().write(s1);
    socket.getOutputStream().write(c0c1, 1, 1536); // S2 echoes C1, the plain way (spec 5.2.4)
    in.readFully(new byte[1536]); // C2
  }

  /** The server end of one connection accepted on {@code listener}: a plain handshake with the given S1. */
  static RawRtmpPeer accept(java.net.ServerSocket listener, byte[] s1) throws IOException {
    return new RawRtmpPeer(listener.accept(), s1);
  }

  int localPort() {
    return socket.getLocalPort();
  }

  void send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  void send(RtmpMessage... messages) throws IOException {
    for (RtmpMessage m : messages) {
      encoder.writeOutbound(m);
      ByteBuf out;
      while ((out = encoder.readOutbound()) != null) {
        send(ByteBufUtil.getBytes(out));
        out.release();
      }
    }
  }

  /** Reads and decodes what the server sends until a command named {@code name} arrives. */
  CommandMessage awaitCommand(String name) throws IOException {
    return awaitCommand(name, m -> { });
  }

  /** As {@link #awaitCommand(String)}, showing each media message on the way to {@code media} (not retained). */
  CommandMessage awaitCommand(String name, Consumer<MediaMessage> media) throws IOException {
    byte[] buffer = new byte[8192];
    while (true) {
      CommandMessage found = null;
      Object m;
      while ((m = decoder.readInbound()) != null) {
        if (found == null && m instanceof CommandMessage c && c.name().equals(name)) {
          found = c;
        } else if (found == null && m instanceof MediaMessage frame) {
          media.accept(frame);
        }
        ReferenceCountUtil.release(m);
      }
      if (found != null) {
        return found;
      }
      int n = socket.getInputStream().read(buffer);
      if (n < 0) {
        throw new IOException("closed before " + name);
      }
      decoder.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
    }
  }

  /** Reads until the server closes; returns the byte count. Fails by SocketTimeoutException if it never does. */
  long readUntilClosed() throws IOException {
    long total = 0;
    byte[] buffer = new byte[8192];
    int n;
    while ((n = socket.getInputStream().read(buffer)) >= 0) {
      total += n;
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    encoder.finishAndReleaseAll();
    decoder.finishAndReleaseAll();
    socket.close();
  }
}
