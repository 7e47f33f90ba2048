package dev.edgerelay.media.net;

import static dev.edgerelay.media.amf0.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.MediaUnitListener;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.server.Playback;
import dev.edgerelay.media.rtmp.server.PlaybackProvider;
import dev.edgerelay.media.rtmp.server.PlayerChannel;
import dev.edgerelay.media.rtmp.server.RtmpAuthorizer;
import dev.edgerelay.media.rtmp.server.RtmpRequest;
import dev.edgerelay.media.rtmp.server.RtmpServer;
import dev.edgerelay.media.rtmp.server.StreamPlayback;
import dev.edgerelay.media.stream.GopLimits;
import dev.edgerelay.media.stream.ReaderLimits;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.media.testing.Eventually;
import io.netty.buffer.Unpooled;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection made on loops someone else built (Vert.x's, in the node) must use those loops' transport: a NIO
 * channel does not register with an epoll loop, nor the reverse. Real RTMP over loopback, each side on its own.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketTransportTest {
  private static final CodecConfig AVC = new CodecConfig(Codec.H264, bytes(
      "01", "640028", "FF", "E1", "0004", "67640028", "01", "0004", "68EE3CB0"));

  @ParameterizedTest
  @EnumSource(SocketTransport.class)
  void shouldPullOnLoopsOfEitherTransportFromAServerOnTheOther(SocketTransport client) throws Exception {
    assumeTrue(Epoll.isAvailable(), "Netty's native epoll does not load here: " + Epoll.unavailabilityCause());
    SocketTransport server = client == SocketTransport.NIO ? SocketTransport.EPOLL : SocketTransport.NIO;
    MultiThreadIoEventLoopGroup clientLoops = new MultiThreadIoEventLoopGroup(1, client.handlerFactory());
    MultiThreadIoEventLoopGroup serverLoops = new MultiThreadIoEventLoopGroup(1, server.handlerFactory());
    Stream stream = new Stream("cam", GopLimits.DEFAULT, s -> {});
    try (RtmpServer rtmp = RtmpServer.create(RtmpConfig.defaults(), RtmpAuthorizer.ALLOW_ALL, serverLoops)
        .bind("127.0.0.1", 0).playback("live", new OneStream(stream));
        RtmpClient pulls = RtmpClient.create(RtmpConfig.defaults(), clientLoops)) {
      // GIVEN each group knows its own transport
      assertThat(SocketTransport.of(clientLoops)).isEqualTo(client);
      assertThat(SocketTransport.of(serverLoops)).isEqualTo(server);
      stream.publish(unit(0, true));
      List<Long> received = new CopyOnWriteArrayList<>();
      // WHEN a pull runs on the client's loops
      RtmpPull pull = pulls.play("rtmp://127.0.0.1:" + rtmp.port() + "/live/cam", new MediaUnitListener("cam", u -> {
        received.add(u.dts());
        u.release();
      }));
      pull.started().get(10, TimeUnit.SECONDS);
      Eventually.until("the player reads the stream", Duration.ofSeconds(10), () -> stream.readerCount() == 1);
      stream.publish(unit(40, false));
      // THEN the media crosses from one transport to the other
      Eventually.until("two units through", Duration.ofSeconds(10), () -> received.size() == 2);
      assertThat(received).containsExactly(0L, 40L);
      stream.end();
      pull.finished().get(10, TimeUnit.SECONDS);
    } finally {
      clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      serverLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static MediaUnit unit(long dtsMillis, boolean key) {
    return new MediaUnit(Codec.H264, Timebase.MILLIS, dtsMillis, dtsMillis, key, AVC,
        Unpooled.wrappedBuffer(bytes("00000002", key ? "6588" : "4188")), 0);
  }

  /** Serves every play of "live" from one stream. */
  private record OneStream(Stream stream) implements PlaybackProvider {
    @Override
    public String deny(RtmpRequest request) {
      return null;
    }

    @Override
    public Playback start(RtmpRequest request, PlayerChannel player) {
      return new StreamPlayback(stream, player, ReaderLimits.DEFAULT, () -> null, () -> {});
    }
  }
}
