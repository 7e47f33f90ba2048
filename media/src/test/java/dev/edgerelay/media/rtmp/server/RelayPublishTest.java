package dev.edgerelay.media.rtmp.server;

import static dev.edgerelay.media.amf0.Hex.bytes;
import static dev.edgerelay.media.rtmp.server.RtmpServerTest.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.amf0.Amf0Object;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.MediaUnitListener;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpClientException;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.media.stream.GopLimits;
import dev.edgerelay.media.stream.ReaderLimits;
import dev.edgerelay.media.stream.Stream;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A live application's plays served from a {@link Stream}, publish name clashes, and a server that breaks the protocol. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RelayPublishTest {
  /** AVCDecoderConfigurationRecord: version 1, High profile 4.0, 4-byte lengths, one SPS, one PPS. */
  private static final CodecConfig AVC = new CodecConfig(Codec.H264, bytes(
      "01", "640028", "FF", "E1", "0004", "67640028", "01", "0004", "68EE3CB0"));

  private static MediaUnit unit(long dtsMillis, boolean key) {
    // one NAL with a 4-byte length prefix: an IDR slice (type 5) or a non-IDR slice (type 1)
    return new MediaUnit(Codec.H264, Timebase.MILLIS, dtsMillis, dtsMillis, key, AVC,
        Unpooled.wrappedBuffer(bytes("00000002", key ? "6588" : "4188")), 0);
  }

  /** Serves every play of "live" from one {@link Stream}, as the node's live application does. */
  private static final class StreamProvider implements PlaybackProvider {
    final Stream stream = new Stream("relayed", GopLimits.DEFAULT, s -> {});
    final List<StreamPlayback> plays = new CopyOnWriteArrayList<>();

    @Override
    public String deny(RtmpRequest request) {
      return null;
    }

    @Override
    public Playback start(RtmpRequest request, PlayerChannel player) {
      StreamPlayback playback = new StreamPlayback(stream, player, ReaderLimits.DEFAULT, () -> null, () -> {});
      plays.add(playback);
      return playback;
    }
  }

  @Test
  void shouldServeAStreamToAPlayerFromItsCachedGopWithTheSequenceHeaderFirst() throws Exception {
    StreamProvider live = new StreamProvider();
    try (RtmpServer server = RtmpServer.create(RtmpConfig.defaults(), RtmpAuthorizer.ALLOW_ALL).bind("127.0.0.1", 0)
        .playback("live", live);
        RtmpClient client = RtmpClient.create(RtmpConfig.defaults())) {
      // GIVEN a stream whose current GOP is a keyframe and a delta frame
      live.stream.publish(unit(0, true));
      live.stream.publish(unit(40, false));
      List<MediaUnit> received = new CopyOnWriteArrayList<>();
      // WHEN a player joins, and a unit follows
      RtmpPull pull = client.play("rtmp://127.0.0.1:" + server.port() + "/live/relayed",
          new MediaUnitListener("relayed", u -> {
            received.add(u.replace(Unpooled.EMPTY_BUFFER));
            u.release();
          }));
      pull.started().get(10, TimeUnit.SECONDS);
      Eventually.until("the player reads the stream", DEADLINE, () -> live.stream.readerCount() == 1);
      live.stream.publish(unit(80, false));
      // THEN it gets the cached GOP from its keyframe, then live, the configuration announced first
      Eventually.until("three units through the server", DEADLINE, () -> received.size() == 3);
      assertThat(received).extracting(MediaUnit::dts).containsExactly(0L, 40L, 80L);
      assertThat(received).extracting(MediaUnit::keyframe).containsExactly(true, false, false);
      assertThat(received.get(0).config()).isEqualTo(AVC); // the sequence header went first
      // AND the end of the stream ends the play
      live.stream.end();
      pull.finished().get(10, TimeUnit.SECONDS);
      Eventually.until("the reader closed", DEADLINE, () -> live.stream.readerCount() == 0);
    }
  }

  @Test
  void shouldAnswerPublishBadNameForANameAlreadyPublished() throws Exception {
    try (RtmpServer server = RtmpServer.create(RtmpConfig.defaults(), RtmpAuthorizer.ALLOW_ALL).bind("127.0.0.1", 0);
        RawRtmpPeer publisher = new RawRtmpPeer(server.port())) {
      server.registry().publish("live", "taken");
      publisher.send(CommandMessage.of(0, "connect", 1, Amf0Object.of("app", "live")));
      assertThat(NetStatus.code(publisher.awaitCommand(NetStatus.RESULT))).isEqualTo(NetStatus.CONNECT_SUCCESS);
      publisher.send(CommandMessage.of(0, "releaseStream", 2, null, "taken"),
          CommandMessage.of(0, "FCPublish", 3, null, "taken"),
          CommandMessage.of(0, "createStream", 4, null),
          CommandMessage.of(1, "publish", 0, null, "taken", "live"));
      CommandMessage status = publisher.awaitCommand(NetStatus.ON_STATUS);
      assertThat(NetStatus.code(status)).isEqualTo(NetStatus.PUBLISH_BAD_NAME);
    }
  }

  @Test
  void shouldFailThePullAsMalformedWhenTheServerSendsGarbage() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        RtmpClient client = RtmpClient.create(RtmpConfig.defaults())) {
      CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
        try (Socket peer = listener.accept()) {
          new DataInputStream(peer.getInputStream()).readFully(new byte[1 + 1536]); // C0 C1
          byte[] s0s1s2 = new byte[1 + 2 * 1536];
          s0s1s2[0] = 3;
          peer.getOutputStream().write(s0s1s2);
          new DataInputStream(peer.getInputStream()).readFully(new byte[1536]); // C2
          peer.getOutputStream().write(bytes("02", "000000", "000004", "01", "00000000", "00000000")); // chunk size 0
          peer.getInputStream().read(); // until the client hangs up
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      });
      RtmpPull pull = client.play("rtmp://127.0.0.1:" + listener.getLocalPort() + "/live/x", new RtmpServerTest.CountingListener());
      assertThatThrownBy(() -> pull.finished().get(10, TimeUnit.SECONDS)).cause()
          .isInstanceOfSatisfying(RtmpClientException.class, e -> {
            assertThat(e.reason()).isEqualTo(RtmpClientException.Reason.MALFORMED);
            assertThat(e.getMessage()).contains("set chunk size 0");
          });
      server.get(10, TimeUnit.SECONDS);
    }
  }
}
