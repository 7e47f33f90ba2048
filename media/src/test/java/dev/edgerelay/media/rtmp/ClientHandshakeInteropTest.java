package dev.edgerelay.media.rtmp;

import dev.edgerelay.media.testing.LoopbackPorts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.handshake.ClientHandshake;
import dev.edgerelay.media.rtmp.server.RtmpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our client's handshake in both modes over real sockets: against our own server (which answers a
 * digest C1 with a signed S1 and S2) and against FFmpeg 8 in-process (JavaCV) serving one client with
 * {@code listen=1}, which answers plainly whatever C1 it gets.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientHandshakeInteropTest {
  private static final int FRAMES = 25;
  private static final int GOP = 5;

  @ParameterizedTest
  @EnumSource(ClientHandshake.class)
  void shouldPullFromOurServerWithEitherHandshake(ClientHandshake handshake) throws Exception {
    RecordedMedia received = new RecordedMedia();
    try (RtmpServer server = RtmpServer.create(RtmpConfig.defaults(), request -> null).bind("127.0.0.1", 0);
        RtmpClient client = RtmpClient.create(RtmpConfig.defaults().setClientHandshake(handshake))) {
      String url = "rtmp://127.0.0.1:" + server.port() + "/live/cam";
      try (SyntheticCamera camera = new SyntheticCamera(url, GOP)) {
        RtmpPull pull = client.play(url, received);
        pull.started().get(10, TimeUnit.SECONDS);
        for (int i = 0; i < FRAMES; i++) {
          camera.recordFrame();
        }
        camera.close();
        pull.finished().get(10, TimeUnit.SECONDS);
      }
    }
    assertEveryFrame(received.videoFrames());
  }

  @ParameterizedTest
  @EnumSource(ClientHandshake.class)
  void shouldPullFromFfmpegListeningInProcessWithEitherHandshake(ClientHandshake handshake) throws Exception {
    int port = LoopbackPorts.one();
    String url = "rtmp://127.0.0.1:" + port + "/live/cam";
    RecordedMedia received = new RecordedMedia();
    // FFmpeg's listen mode blocks in start() until a client has played: run it beside our client
    CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
      try (SyntheticCamera camera = new SyntheticCamera(url, GOP, Map.of("listen", "1"))) {
        for (int i = 0; i < FRAMES; i++) {
          camera.recordFrame();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try (RtmpClient client = RtmpClient.create(RtmpConfig.defaults().setClientHandshake(handshake))) {
      RtmpPull pull = FfmpegListenInteropTest.connectWhenListening(client, url, received);
      serving.get(30, TimeUnit.SECONDS);
      pull.finished().get(10, TimeUnit.SECONDS);
    }
    assertEveryFrame(received.videoFrames());
  }

  private static void assertEveryFrame(List<RecordedMedia.Frame> video) {
    assertThat(video).hasSize(FRAMES);
    long shift = video.get(0).timestamp();
    for (int i = 0; i < FRAMES; i++) {
      assertThat(video.get(i).timestamp() - shift).as("timestamp %d", i).isEqualTo(i * 1000L / SyntheticCamera.FPS);
      assertThat(video.get(i).keyframe()).as("keyframe %d", i).isEqualTo(i % GOP == 0);
    }
  }
}
