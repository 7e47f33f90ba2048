package dev.edgerelay.relay.live;

import dev.edgerelay.sim.OriginJoin;

/** Cold joins against an origin that starts players as nginx-rtmp: audio at once, video from the next keyframe. */
class ColdJoinNginxOriginTest extends ColdJoinFirstSegmentCase {
  @Override
  OriginJoin originJoin() {
    return OriginJoin.NGINX;
  }
}
