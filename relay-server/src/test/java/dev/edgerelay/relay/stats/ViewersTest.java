package dev.edgerelay.relay.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.SettableClock;
import dev.edgerelay.relay.hub.StreamKey;
import org.junit.jupiter.api.Test;

/** getonlinelist's viewers (spec 13.1): RTMP players while they play, HLS viewers as runs of requests, bounded. */
class ViewersTest {
  static final StreamKey KEY = new StreamKey("10000001", 1);
  final SettableClock clock = SettableClock.at(1_000_000);

  @Test
  void shouldListAnRtmpPlayerUntilItsPlayEnds() {
    Viewers viewers = new Viewers(new StatOptions(), clock);
    Runnable left = viewers.rtmpPlayer(KEY, "10.0.0.7");

    clock.advanceMillis(3_600_000); // an RTMP player never goes idle: its connection says when it leaves
    assertThat(viewers.list()).singleElement().satisfies(v -> {
      assertThat(v.protocol()).isEqualTo(Viewers.RTMP);
      assertThat(v.clientIp()).isEqualTo("10.0.0.7");
      assertThat(v.sinceMillis()).isEqualTo(1_000_000);
    });

    left.run();
    assertThat(viewers.list()).isEmpty();
  }

  @Test
  void shouldCountAnHlsViewerOncePerTokenAndAddressUntilItGoesIdle() {
    Viewers viewers = new Viewers(new StatOptions().setHlsViewerIdleMillis(10_000), clock);
    viewers.hlsRequest(KEY, "10.0.0.7", "token-1");
    clock.advanceMillis(9_000);
    viewers.hlsRequest(KEY, "10.0.0.7", "token-1"); // the same viewer polling its playlist
    viewers.hlsRequest(KEY, "10.0.0.8", "token-2");

    assertThat(viewers.list()).extracting(Viewers.Viewer::clientIp).containsExactly("10.0.0.7", "10.0.0.8");
    assertThat(viewers.list().get(0).sinceMillis()).isEqualTo(1_000_000);

    clock.advanceMillis(9_999);
    assertThat(viewers.list()).hasSize(2);
    clock.advanceMillis(1);
    assertThat(viewers.list()).isEmpty();
  }

  @Test
  void shouldCountViewersBeyondTheBoundWithoutListingThem() {
    Viewers viewers = new Viewers(new StatOptions().setMaxViewers(2).setHlsViewerIdleMillis(10_000), clock);
    viewers.hlsRequest(KEY, "10.0.0.1", "t1");
    Runnable player = viewers.rtmpPlayer(KEY, "10.0.0.2");
    viewers.hlsRequest(KEY, "10.0.0.3", "t3");
    Runnable untracked = viewers.rtmpPlayer(KEY, "10.0.0.4");

    assertThat(viewers.list()).hasSize(2);
    assertThat(viewers.untracked()).isEqualTo(2);

    untracked.run(); // leaving changes nothing it never added
    clock.advanceMillis(10_000); // the HLS viewer went idle: room for a new one
    viewers.hlsRequest(KEY, "10.0.0.5", "t5");
    assertThat(viewers.list()).extracting(Viewers.Viewer::clientIp).containsExactly("10.0.0.2", "10.0.0.5");
    player.run();
    assertThat(viewers.list()).hasSize(1);
  }
}
