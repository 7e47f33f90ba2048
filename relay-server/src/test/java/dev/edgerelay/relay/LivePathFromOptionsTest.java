package dev.edgerelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.relay.cluster.ClusterOptions;
import dev.edgerelay.relay.cluster.ForeignLive;
import dev.edgerelay.relay.cluster.PlayAddressMode;
import dev.edgerelay.relay.cluster.live.LivePathOptions;
import org.junit.jupiter.api.Test;

/** The cluster options reach the live path: the defaults are the live path's own, each flag changes its field. */
class LivePathFromOptionsTest {
  @Test
  void theDefaultsShouldBeTheLivePathsDefaults() {
    assertThat(LivePathOptions.of(new ClusterOptions())).isEqualTo(LivePathOptions.DEFAULTS);
  }

  @Test
  void eachClusterOptionShouldSetItsField() {
    LivePathOptions live = LivePathOptions.of(new ClusterOptions().setPlayAddress(PlayAddressMode.SELF)
        .setForeignLive(ForeignLive.REDIRECT).setTakeoverConcurrency(3).setFanoutTimeoutMs(700));

    assertThat(live).isEqualTo(new LivePathOptions(true, true, 3, 700));
  }
}
