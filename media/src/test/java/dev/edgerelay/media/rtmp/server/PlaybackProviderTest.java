package dev.edgerelay.media.rtmp.server;

import static dev.edgerelay.media.rtmp.server.RtmpServerTest.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.amf0.Amf0Object;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.rtmp.message.UserControlMessage;
import dev.edgerelay.media.testing.Eventually;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-application play extension point: who decides, what reaches the playback, and when. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PlaybackProviderTest {
  private final ScriptedPlayback playback = new ScriptedPlayback();
  private RtmpServer server;

  @BeforeEach
  void start() throws Exception {
    RtmpAuthorizer refuseAll = request -> "the live authorizer was asked"; // the provider's app must not reach it
    server = RtmpServer.create(RtmpConfig.defaults(), refuseAll).bind("127.0.0.1", 0).playback("vod", playback);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RawRtmpPeer player(String name) throws Exception {
    RawRtmpPeer peer = new RawRtmpPeer(server.port());
    peer.send(CommandMessage.of(0, "connect", 1, Amf0Object.of("app", "vod")),
        CommandMessage.of(0, "createStream", 2, null),
        CommandMessage.of(1, "play", 0, null, name));
    return peer;
  }

  @Test
  void shouldHandSeekPauseAndCloseOfAnAdmittedPlayToItsPlayback() throws Exception {
    try (RawRtmpPeer peer = player("clip?token=ok")) {
      assertThat(NetStatus.code(peer.awaitCommand("onStatus"))).isEqualTo(NetStatus.PLAY_START);

      peer.send(CommandMessage.of(1, "seek", 0, null, 5000.0)); // spec 7.2.2.7: null, milliseconds
      peer.send(CommandMessage.of(1, "pause", 0, null, true, 1200.0)); // 7.2.2.8: null, pause flag, milliseconds
      peer.send(CommandMessage.of(1, "pause", 0, null, false, 1200.0));
      peer.send(CommandMessage.of(0, "deleteStream", 3, null, 1.0));

      Eventually.until("the playback closed", DEADLINE, () -> playback.calls.contains("close"));
      assertThat(playback.calls).containsExactly("start clip", "seek 5000", "pause true 1200", "pause false 1200",
          "close");
    }
  }

  @Test
  void shouldAnswerSeekFailedToASeekOnAStreamWithoutAPlayback() throws Exception {
    try (RawRtmpPeer peer = new RawRtmpPeer(server.port())) {
      peer.send(CommandMessage.of(0, "connect", 1, Amf0Object.of("app", "live")),
          CommandMessage.of(0, "createStream", 2, null),
          CommandMessage.of(1, "seek", 0, null, 5000.0));
      CommandMessage status = peer.awaitCommand("onStatus");
      assertThat(NetStatus.code(status)).isEqualTo(NetStatus.SEEK_FAILED);
      assertThat(NetStatus.description(status)).contains("only recorded streams");
      assertThat(playback.calls).isEmpty();
    }
  }

  @Test
  void shouldLetTheProviderRefuseWithPlayFailed() throws Exception {
    try (RawRtmpPeer peer = player("clip?token=bad")) {
      CommandMessage status = peer.awaitCommand("onStatus");
      assertThat(NetStatus.code(status)).isEqualTo(NetStatus.PLAY_FAILED);
      assertThat(NetStatus.description(status)).isEqualTo("token missing or wrong");
      assertThat(playback.calls).isEmpty();
    }
  }

  @Test
  void shouldCloseThePlaybackWhenThePlayerDisconnects() throws Exception {
    try (RawRtmpPeer peer = player("clip?token=ok")) {
      peer.awaitCommand("onStatus");
    }
    Eventually.until("the playback closed on disconnect", DEADLINE, () -> playback.calls.contains("close"));
  }

  @Test
  void shouldTellThePlaybackWhenAStalledPlayerReadsAgain() throws Exception {
    playback.floodOnStart = true;
    try (RawRtmpPeer peer = player("clip?token=ok")) {
      Eventually.until("the channel stopped being writable while the player does not read", DEADLINE, () -> playback.stalled);
      // reading now drains the socket; the playback's writable() answers with Play.Stop after its frames
      CommandMessage status;
      do {
        status = peer.awaitCommand("onStatus");
      } while (!NetStatus.PLAY_STOP.equals(NetStatus.code(status)));
      assertThat(playback.calls).contains("writable");
    }
  }

  /** Records what the server calls; when asked, writes frames until the channel pushes back. */
  static final class ScriptedPlayback implements PlaybackProvider, Playback {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean floodOnStart;
    volatile boolean stalled;
    private PlayerChannel player;

    @Override
    public String deny(RtmpRequest request) {
      return request.query().equals("token=ok") ? null : "token missing or wrong";
    }

    @Override
    public Playback start(RtmpRequest request, PlayerChannel player) {
      this.player = player;
      calls.add("start " + request.streamName());
      player.userControl(UserControlMessage.STREAM_BEGIN);
      player.status(NetStatus.LEVEL_STATUS, NetStatus.PLAY_START, "Started playing");
      if (floodOnStart) {
        byte[] frame = new byte[64 * 1024];
        frame[0] = 0x27; // AVC inter frame
        for (long ts = 0; player.writable(); ts += 40) {
          player.write(MediaMessage.video(ts, player.streamId(), Unpooled.wrappedBuffer(frame.clone())));
          player.flush();
        }
        stalled = true;
      }
      return this;
    }

    @Override
    public void writable() {
      if (stalled && player.writable() && !calls.contains("writable")) {
        calls.add("writable");
        player.status(NetStatus.LEVEL_STATUS, NetStatus.PLAY_STOP, "done");
      }
    }

    @Override
    public void seek(long millis) {
      calls.add("seek " + millis);
    }

    @Override
    public void pause(boolean pause, long millis) {
      calls.add("pause " + pause + " " + millis);
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }
}
