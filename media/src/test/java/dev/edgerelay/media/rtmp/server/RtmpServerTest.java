package dev.edgerelay.media.rtmp.server;

import static dev.edgerelay.media.amf0.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.media.amf0.Amf0Object;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpClientException;
import dev.edgerelay.media.rtmp.client.RtmpPlayListener;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.testing.Eventually;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import dev.edgerelay.media.rtmp.message.NetStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RtmpServerTest {
  /** How long a player or publisher may take to see what the server did, on two busy cores. */
  static final Duration DEADLINE = Duration.ofSeconds(20);

  private RtmpServer server;
  private RtmpClient client;

  @BeforeEach
  void start() throws Exception {
    RtmpAuthorizer tokens = request -> request.query().equals("token=ok") ? null : "token missing or wrong";
    server = RtmpServer.create(RtmpConfig.defaults().setPlayerQueueLimit(64), tokens).bind("127.0.0.1", 0);
    client = RtmpClient.create(RtmpConfig.defaults());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private String url(String name, String query) {
    return "rtmp://127.0.0.1:" + server.port() + "/live/" + name + "?" + query;
  }

  /** An AVC frame body: frame type (1 key, 2 inter), codec 7, packet type 1, composition time 0, one byte. */
  static MediaMessage frame(long timestamp, boolean key) {
    return MediaMessage.video(timestamp, 1, Unpooled.wrappedBuffer(bytes(key ? "17" : "27", "01", "000000", "65")));
  }

  static MediaMessage avcSequenceHeader() {
    return MediaMessage.video(0, 1, Unpooled.wrappedBuffer(bytes("17", "00", "000000", "0164001FFFE1")));
  }

  @Test
  void shouldCloseOnlyTheMalformedConnectionAndLogItOnce() throws Exception {
    LiveStream stream = server.registry().publish("live", "cam");
    stream.media(avcSequenceHeader());
    stream.media(frame(0, true));
    CountingListener player = new CountingListener();
    RtmpPull pull = client.play(url("cam", "token=ok"), player);
    pull.started().get(10, TimeUnit.SECONDS);
    Eventually.until("sequence header and cached keyframe", DEADLINE, () -> player.frames.get() == 2);

    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int badPort;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (RawRtmpPeer bad = new RawRtmpPeer(server.port())) {
      badPort = bad.localPort();
      bad.send(bytes("46", "000028", "000004", "09")); // a format 1 header on a chunk stream never opened
      bad.readUntilClosed();
    } finally {
      System.setErr(stderr);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged.lines().filter(l -> l.contains(":" + badPort))).singleElement()
        .satisfies(l -> assertThat(l).contains("starts with a format 1 header"));

    stream.media(frame(40, false));
    Eventually.until("the good player goes on", DEADLINE, () -> player.frames.get() == 3);
    stream.unpublish();
    pull.finished().get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldRejectPlayWithoutTokenWithTheServersCode() {
    server.registry().publish("live", "cam");
    RtmpPull pull = client.play(url("cam", "token=bad"), new CountingListener());
    assertThatThrownBy(() -> pull.started().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(RtmpClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(RtmpClientException.Reason.REJECTED);
          assertThat(e.statusCode()).isEqualTo("NetStream.Play.Failed");
          assertThat(e.getMessage()).contains("token missing or wrong");
        });
  }

  @Test
  void shouldAnswerStreamNotFoundForAnUnpublishedName() {
    RtmpPull pull = client.play(url("nobody", "token=ok"), new CountingListener());
    assertThatThrownBy(() -> pull.started().get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOfSatisfying(RtmpClientException.class,
            e -> assertThat(e.statusCode()).isEqualTo("NetStream.Play.StreamNotFound"));
  }

  @Test
  void shouldReportRefusedConnection() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    RtmpPull pull = client.play("rtmp://127.0.0.1:" + closedPort + "/live/x", new CountingListener());
    assertThatThrownBy(() -> pull.finished().get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOfSatisfying(RtmpClientException.class,
            e -> assertThat(e.reason()).isEqualTo(RtmpClientException.Reason.REFUSED));
  }

  @Test
  void shouldTimeOutWhenNoMediaFollowsPlay() throws Exception {
    server.registry().publish("live", "silent");
    try (RtmpClient impatient = RtmpClient.create(RtmpConfig.defaults().setFirstMediaTimeout(java.time.Duration.ofMillis(300)))) {
      RtmpPull pull = impatient.play(url("silent", "token=ok"), new CountingListener());
      assertThatThrownBy(() -> pull.finished().get(10, TimeUnit.SECONDS)).cause()
          .isInstanceOfSatisfying(RtmpClientException.class,
              e -> assertThat(e.reason()).isEqualTo(RtmpClientException.Reason.TIMED_OUT));
    }
  }

  @Test
  void shouldStartNewPlayerWithMetadataAndSequenceHeaderThenLastKeyframe() throws Exception {
    LiveStream stream = server.registry().publish("live", "gop");
    stream.metadata(new DataMessage(0, 1, List.of("@setDataFrame", "onMetaData", Amf0Object.of("width", 320.0))));
    stream.media(avcSequenceHeader());
    stream.media(frame(0, true));
    stream.media(frame(40, false));
    stream.media(frame(80, true)); // a new GOP: the cache drops frames 0 and 40
    stream.media(frame(120, false));
    CountingListener player = new CountingListener();
    client.play(url("gop", "token=ok"), player).started().get(10, TimeUnit.SECONDS);
    Eventually.until("header and cached GOP", DEADLINE, () -> player.frames.get() == 3);
    assertThat(player.metadataName).isEqualTo("onMetaData");
    assertThat(player.timestamps).containsExactly(80L, 120L);
    stream.unpublish();
  }

  @Test
  void shouldSkipASlowPlayerToTheNextKeyframeWithoutStallingThePublisher() throws Exception {
    LiveStream stream = server.registry().publish("live", "busy");
    stream.media(avcSequenceHeader());
    stream.media(frame(0, true));
    CountingListener fast = new CountingListener();
    client.play(url("busy", "token=ok"), fast).started().get(10, TimeUnit.SECONDS);
    try (RawRtmpPeer slow = new RawRtmpPeer(server.port())) {
      slow.send(CommandMessage.of(0, "connect", 1, Amf0Object.of("app", "live")),
          CommandMessage.of(0, "createStream", 2, null),
          CommandMessage.of(1, "play", 0, null, "busy?token=ok"));
      Eventually.until("slow player joined", DEADLINE, () -> stream.playerCount() == 2);
      // the slow peer never reads: 2000 frames of 64 KiB (125 MiB) would stall a publisher that waited
      byte[] big = new byte[64 * 1024];
      big[0] = 0x27;
      big[1] = 0x01;
      long ts = 40;
      for (int i = 0; i < 2000; i++, ts += 40) {
        boolean key = i % 50 == 49;
        big[0] = (byte) (key ? 0x17 : 0x27);
        stream.media(MediaMessage.video(ts, 1, Unpooled.wrappedBuffer(big.clone())));
        if (i % 20 == 19) {
          int expected = i + 3; // sequence header, first keyframe, frames so far
          Eventually.until("the fast player keeps up", DEADLINE, () -> fast.frames.get() >= expected); // paced by the fast one only
        }
      }
      Eventually.until("the fast player got every frame", DEADLINE, () -> fast.frames.get() == 2002);
      assertThat(stream.droppedByPlayers()).as("frames the slow player skipped").isGreaterThan(1000);
      // now the slow peer reads again while publishing goes on: it must resume at a keyframe
      List<long[]> got = new java.util.concurrent.CopyOnWriteArrayList<>(); // {timestamp, keyframe}
      CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
        try {
          CommandMessage status;
          do {
            status = slow.awaitCommand("onStatus", m -> got.add(new long[] {m.timestamp(), m.isKeyframe() ? 1 : 0}));
          } while (!NetStatus.PLAY_UNPUBLISH_NOTIFY.equals(NetStatus.code(status)));
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      });
      for (int i = 2000; i < 2200; i++, ts += 40) {
        big[0] = (byte) (i % 50 == 49 ? 0x17 : 0x27);
        stream.media(MediaMessage.video(ts, 1, Unpooled.wrappedBuffer(big.clone())));
        int expected = i + 3;
        Eventually.until("the fast player keeps up", DEADLINE, () -> fast.frames.get() >= expected);
      }
      stream.unpublish();
      reading.get(20, TimeUnit.SECONDS);
      assertThat(got.size()).as("frames the slow player got").isLessThan(1000);
      int gaps = 0;
      for (int i = 1; i < got.size(); i++) {
        if (got.get(i)[0] != got.get(i - 1)[0] + 40) {
          gaps++;
          assertThat(got.get(i)[1]).as("frame after the gap at %d ms", got.get(i)[0]).isEqualTo(1);
        }
      }
      assertThat(gaps).isPositive();
    }
  }

  static final class CountingListener implements RtmpPlayListener {
    final AtomicInteger frames = new AtomicInteger();
    final List<Long> timestamps = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile String metadataName;

    @Override
    public void onMetadata(DataMessage metadata) {
      metadataName = metadata.name();
    }

    @Override
    public void onMedia(MediaMessage message) {
      if (!message.isSequenceHeader()) {
        timestamps.add(message.timestamp());
      }
      message.release();
      frames.incrementAndGet();
    }
  }
}
