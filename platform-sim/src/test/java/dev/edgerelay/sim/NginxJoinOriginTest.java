package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Track;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.MediaUnitListener;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The origin in its nginx-rtmp join mode: a new player gets audio at once and video only from the next keyframe,
 * never the cached GOP (what nginx-rtmp does without its wait_key/wait_video directives).
 */
class NginxJoinOriginTest extends SimTestBase {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  /** Joins tried: one in a hundred lands on a keyframe before any audio (audio every ~23 ms, a GOP of 2 s). */
  private static final int JOIN_ATTEMPTS = 3;

  @Override
  protected SimOptions options() {
    return new SimOptions().setHttpPort(0).setRtmpPort(0).setClock(clock).setCameras(1)
        .setCameraMode(CameraMode.LOOP).setOriginJoin(OriginJoin.NGINX);
  }

  @Test
  void shouldSendANewPlayerAudioAtOnceAndVideoFromTheNextKeyframe() throws Exception {
    String device = sim.state().devices().get(0).id();
    Eventually.until("the cameras publishing", PATIENCE, () -> sim.state().stats().pushes().size() == 2);
    List<String> units = List.of();
    for (int attempt = 0; attempt < JOIN_ATTEMPTS && (units.isEmpty() || !units.get(0).equals("A")); attempt++) {
      units = join(api.get("/ipc/video/play_address?device_id=" + device + "&channel_id=1&protocol_type=0")
          .assertOk().data().getString("accessToken"), device);
    }

    assertThat(units.get(0)).as("first unit of %s", units).isEqualTo("A");
    assertThat(units.subList(0, units.indexOf("V*"))).as("units before the first keyframe").containsOnly("A");
  }

  /** Plays channel 1 until its first keyframe: "A" audio, "V*" keyframe, "V" other video, in arrival order. */
  private List<String> join(String token, String device) throws Exception {
    List<String> units = new ArrayList<>();
    try (RtmpClient client = RtmpClient.create(RtmpConfig.defaults())) {
      RtmpPull player = client.play(RtmpProbe.url(sim, device, 1, token),
          new MediaUnitListener("nginx-join", unit -> {
            synchronized (units) {
              units.add(unit.track() == Track.AUDIO ? "A" : unit.keyframe() ? "V*" : "V");
            }
            unit.release();
          }));
      Eventually.until("a keyframe", PATIENCE, () -> {
        synchronized (units) {
          return units.contains("V*");
        }
      });
      player.close();
    }
    synchronized (units) {
      return List.copyOf(units);
    }
  }
}
