package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loop mode: a 2 s clip (1 s GOP) encoded once and replayed by three cameras; a player sees one continuous
 * stream across the loop points.
 */
class LoopCameraTest extends SimTestBase {
  private RtmpClient client;

  @Override
  protected SimOptions options() {
    return new SimOptions().setHttpPort(0).setRtmpPort(0).setClock(clock).setCameras(2)
        .setCameraMode(CameraMode.LOOP).setCameraSize(320, 180).setCameraClipSeconds(2).setCameraGopSeconds(1);
  }

  @BeforeAll
  void startClient() throws Exception {
    client = RtmpClient.create(RtmpConfig.defaults());
    Eventually.until("the three loop cameras publishing", Duration.ofSeconds(20),
        () -> sim.state().stats().pushes().size() == 3);
  }

  @AfterAll
  void stopClient() {
    client.close();
  }

  @Test
  void shouldKeepTimestampsMonotonicAcrossLoopPoints() throws Exception {
    String device = sim.state().devices().get(0).id();
    String token = api.get("/ipc/video/play_address?device_id=" + device + "&channel_id=1&protocol_type=0")
        .assertOk().data().getString("accessToken");
    try (RtmpProbe probe = RtmpProbe.play(client, RtmpProbe.url(sim, device, 1, token), 4_500)) {
      probe.enough().get(20, TimeUnit.SECONDS);
      List<RtmpProbe.Seen> video = probe.videoFrames();
      assertThat(video.get(0).keyframe()).isTrue();
      for (int i = 1; i < video.size(); i++) {
        long step = video.get(i).timestamp() - video.get(i - 1).timestamp();
        assertThat(step).as("video step %d at ts %d", i, video.get(i).timestamp()).isBetween(39L, 41L);
      }
      List<Long> keyframes = video.stream().filter(RtmpProbe.Seen::keyframe).map(RtmpProbe.Seen::timestamp).toList();
      assertThat(keyframes).as("a keyframe every second, also across the loop point").hasSizeGreaterThanOrEqualTo(5);
      for (int i = 1; i < keyframes.size(); i++) {
        assertThat(keyframes.get(i) - keyframes.get(i - 1)).isEqualTo(1000L);
      }
      List<RtmpProbe.Seen> audio = probe.audioFrames();
      assertThat(audio).hasSizeGreaterThan(150);
      for (int i = 1; i < audio.size(); i++) {
        long step = audio.get(i).timestamp() - audio.get(i - 1).timestamp();
        assertThat(step).as("audio step %d at ts %d", i, audio.get(i).timestamp()).isBetween(0L, 50L);
      }
    }
  }

  @Test
  void shouldListEveryCameraAsPush() {
    List<StreamSession> pushes = sim.state().stats().pushes();
    assertThat(pushes).hasSize(3).allSatisfy(p -> {
      assertThat(p.resolution()).isEqualTo("320 * 180");
      assertThat(p.fps()).isEqualTo(25);
      assertThat(p.protocolType()).isEqualTo("RTMP");
    });
  }
}
