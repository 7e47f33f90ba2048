package dev.edgerelay.relay.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.sim.OriginJoin;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Cold joins against an origin that starts players as nginx-rtmp: audio at once, video from the next keyframe. */
class ColdJoinNginxOriginTest extends ColdJoinFirstSegmentCase {
  @Override
  OriginJoin originJoin() {
    return OriginJoin.NGINX;
  }

  /** Joins away from a keyframe got audio first: the muxer held it until the keyframe, and the API shows it. */
  @Override
  void checkChannelStatus(List<JsonObject> joined) {
    assertThat(joined).extracting(c -> c.getLong("hls_held_audio_units")).as("audio held per join")
        .allMatch(n -> n >= 0).anyMatch(n -> n > 0);
  }
}
