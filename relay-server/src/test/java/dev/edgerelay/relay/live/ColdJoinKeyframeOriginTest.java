package dev.edgerelay.relay.live;

import dev.edgerelay.sim.OriginJoin;

/** Cold joins against the emulator's own origin: players start from its cached GOP, at a keyframe. */
class ColdJoinKeyframeOriginTest extends ColdJoinFirstSegmentCase {
  @Override
  OriginJoin originJoin() {
    return OriginJoin.KEYFRAME;
  }
}
