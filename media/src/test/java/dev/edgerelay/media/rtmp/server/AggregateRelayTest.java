package dev.edgerelay.media.rtmp.server;

import static dev.edgerelay.media.amf0.Hex.bytes;
import static dev.edgerelay.media.rtmp.server.RtmpServerTest.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.amf0.Amf0Object;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Aggregate messages (spec 7.1.6) over real sockets: a publisher that aggregates, as FMS and Wowza
 * origins do, reaches players as ordinary messages; an origin that aggregates to our client reaches
 * its listener the same way.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AggregateRelayTest {
  /** Metadata, AVC sequence header, keyframe, audio, inter frame; sub timestamps 5000..5040 on an aggregate at 1000. */
  static final byte[] FIRST_GOP = bytes(
      "06", "0003E8", "000072", "16", "01000000", // csid 6, ts 1000, 114 bytes, aggregate, stream 1
      "12", "00000D", "001388", "00", "000000", // data, 13 bytes, ts 5000 (the base)
      "02", "000A", "6F6E4D65746144617461", // "onMetaData"
      "00000018", // back pointer 11 + 13
      "09", "00000B", "001388", "00", "000000", // video, 11 bytes, ts 5000
      "17", "00", "000000", "0164001FFFE1", // AVC sequence header (start of an AVCDecoderConfigurationRecord)
      "00000016",
      "09", "000006", "001388", "00", "000000", "17", "01", "000000", "65", "00000011", // keyframe, ts 5000
      "08", "000003", "00139C", "00", "000000", "AF", "01", "21", "0000000E", // AAC frame, ts 5020
      "09", "000006", "0013B0", "00", "000000", "27", "01", "000000", "41", "00000011"); // inter, ts 5040
  /** Two inter frames at sub timestamps 9000 and 9040 on an aggregate at 1080. */
  static final byte[] NEXT_FRAMES = bytes(
      "06", "000438", "00002A", "16", "01000000", // ts 1080, 42 bytes, aggregate, stream 1
      "09", "000006", "002328", "00", "000000", "27", "01", "000000", "41", "00000011", // ts 9000 (base)
      "09", "000006", "002350", "00", "000000", "27", "01", "000000", "41", "00000011"); // ts 9040

  private RtmpServer server;
  private RtmpClient client;

  @BeforeEach
  void start() throws Exception {
    server = RtmpServer.create(RtmpConfig.defaults(), request -> null).bind("127.0.0.1", 0);
    client = RtmpClient.create(RtmpConfig.defaults());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void shouldFanOutAPublishersAggregatesAsOrdinaryMessagesWithRebasedTimestamps() throws Exception {
    try (RawRtmpPeer publisher = new RawRtmpPeer(server.port())) {
      publisher.send(CommandMessage.of(0, "connect", 1, Amf0Object.of("app", "live")),
          CommandMessage.of(0, "createStream", 2, null),
          CommandMessage.of(1, "publish", 0, null, "agg", "live"));
      assertThat(NetStatus.code(publisher.awaitCommand(NetStatus.ON_STATUS))).isEqualTo(NetStatus.PUBLISH_START);
      publisher.send(FIRST_GOP);
      LiveStream stream = server.registry().find("live", "agg");
      RtmpServerTest.CountingListener player = new RtmpServerTest.CountingListener();
      Eventually.until("the first aggregate's four media messages published", DEADLINE, () -> stream.frames() == 4);
      RtmpPull pull = client.play("rtmp://127.0.0.1:" + server.port() + "/live/agg", player);
      pull.started().get(10, TimeUnit.SECONDS);
      Eventually.until("the cached GOP", DEADLINE, () -> player.timestamps.size() == 3);
      publisher.send(NEXT_FRAMES);
      Eventually.until("the next aggregate", DEADLINE, () -> player.timestamps.size() == 5);
      assertThat(player.metadataName).isEqualTo("onMetaData");
      assertThat(player.timestamps).containsExactly(1000L, 1020L, 1040L, 1080L, 1120L);
      assertThat(player.frames.get()).as("with the sequence header").isEqualTo(6);
    }
  }

  @Test
  void shouldCloseOnlyThePublisherWhoseAggregateIsMalformedAndLogTheReasonOnce() throws Exception {
    LiveStream other = server.registry().publish("live", "other");
    other.media(RtmpServerTest.avcSequenceHeader());
    other.media(RtmpServerTest.frame(0, true));
    RtmpServerTest.CountingListener player = new RtmpServerTest.CountingListener();
    client.play("rtmp://127.0.0.1:" + server.port() + "/live/other", player).started().get(10, TimeUnit.SECONDS);
    Eventually.until("the other stream's cached GOP", DEADLINE, () -> player.frames.get() == 2);
    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int badPort;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (RawRtmpPeer publisher = new RawRtmpPeer(server.port())) {
      badPort = publisher.localPort();
      publisher.send(CommandMessage.of(0, "connect", 1, Amf0Object.of("app", "live")),
          CommandMessage.of(0, "createStream", 2, null),
          CommandMessage.of(1, "publish", 0, null, "bad", "live"));
      assertThat(NetStatus.code(publisher.awaitCommand(NetStatus.ON_STATUS))).isEqualTo(NetStatus.PUBLISH_START);
      publisher.send(bytes("06", "000000", "00000F", "16", "01000000", // aggregate of 15 bytes
          "09", "000010", "000000", "00", "000000", // a video part claiming 16 bytes
          "0000000B")); // where only a back pointer is left
      publisher.readUntilClosed();
    } finally {
      System.setErr(stderr);
    }
    assertThat(log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(":" + badPort))).singleElement()
        .satisfies(l -> assertThat(l).contains("aggregate sub-message at byte 0").contains("overrun"));
    Eventually.until("the bad publisher's stream ended", DEADLINE, () -> server.registry().find("live", "bad") == null);
    other.media(RtmpServerTest.frame(40, false));
    Eventually.until("the other player goes on", DEADLINE, () -> player.frames.get() == 3);
  }

  @Test
  void shouldDeliverAnOriginsAggregatesToTheClientsListener() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      RtmpServerTest.CountingListener player = new RtmpServerTest.CountingListener();
      RtmpPull pull = client.play("rtmp://127.0.0.1:" + listener.getLocalPort() + "/live/cam", player);
      try (RawRtmpPeer origin = RawRtmpPeer.accept(listener, new byte[1536])) {
        servePlay(origin, FIRST_GOP, NEXT_FRAMES);
      }
      pull.finished().get(10, TimeUnit.SECONDS);
      assertThat(player.metadataName).isEqualTo("onMetaData");
      assertThat(player.timestamps).containsExactly(1000L, 1020L, 1040L, 1080L, 1120L);
      assertThat(player.frames.get()).isEqualTo(6);
    }
  }

  /** Answers connect, createStream and play as an origin does, then sends {@code wire} and hangs up. */
  static void servePlay(RawRtmpPeer origin, byte[]... wire) throws IOException {
    CommandMessage connect = origin.awaitCommand("connect");
    origin.send(CommandMessage.of(0, NetStatus.RESULT, connect.transactionId(), null,
        NetStatus.info(NetStatus.LEVEL_STATUS, NetStatus.CONNECT_SUCCESS, "ok")));
    CommandMessage createStream = origin.awaitCommand("createStream");
    origin.send(CommandMessage.of(0, NetStatus.RESULT, createStream.transactionId(), null, 1.0));
    origin.awaitCommand("play");
    origin.send(NetStatus.onStatus(1, NetStatus.LEVEL_STATUS, NetStatus.PLAY_START, "Started playing"));
    for (byte[] bytes : wire) {
      origin.send(bytes);
    }
  }
}
