package dev.edgerelay.relay.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.SettableClock;
import dev.edgerelay.relay.hub.ChannelTraffic.Protocol;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bytes out and HLS viewers per channel, within their bounds: served channels only, a channel cap, a viewer cap. */
class ChannelTrafficTest {
  static final StreamKey A = new StreamKey("1001", 1);
  static final StreamKey B = new StreamKey("1002", 1);
  static final StreamKey UNKNOWN = new StreamKey("9999", 9);
  static final long WINDOW = 30_000;

  final SettableClock clock = SettableClock.at(1_000_000);

  ChannelTraffic traffic(int maxChannels, int maxViewers) {
    return new ChannelTraffic(Set.of(A, B)::contains, maxChannels, maxViewers, WINDOW, clock);
  }

  @Test
  void shouldCountBytesPerChannelAndProtocolAndAChannelNotServedInTheTotalsOnly() {
    ChannelTraffic traffic = traffic(10, 10);

    traffic.sent(A, Protocol.HLS, 100);
    traffic.sent(A, Protocol.RTMP, 7);
    traffic.sent(UNKNOWN, Protocol.HLS, 50);

    assertThat(traffic.bytesSent(A, Protocol.HLS)).isEqualTo(100);
    assertThat(traffic.bytesSent(A, Protocol.RTMP)).isEqualTo(7);
    assertThat(traffic.bytesSent(UNKNOWN, Protocol.HLS)).as("no series for a channel nobody serves").isZero();
    assertThat(traffic.bytesSent(Protocol.HLS)).isEqualTo(150);
    assertThat(traffic.bytesSent(Protocol.RTMP)).isEqualTo(7);
  }

  @Test
  void shouldGiveChannelsPastTheBoundNoCountsOfTheirOwn() {
    ChannelTraffic traffic = traffic(1, 10);

    traffic.sent(A, Protocol.HLS, 1);
    traffic.sent(B, Protocol.HLS, 2);
    traffic.hlsSeen(B, "token-b");

    assertThat(traffic.bytesSent(A, Protocol.HLS)).isEqualTo(1);
    assertThat(traffic.bytesSent(B, Protocol.HLS)).isZero();
    assertThat(traffic.hlsViewers(B)).isZero();
    assertThat(traffic.bytesSent(Protocol.HLS)).isEqualTo(3);
  }

  @Test
  void shouldCountAnHlsViewerPerTokenUntilItGoesQuietForTheWindow() {
    ChannelTraffic traffic = traffic(10, 10);

    traffic.hlsSeen(A, "t1");
    traffic.hlsSeen(A, "t1"); // the same player again: one viewer
    traffic.hlsSeen(A, "t2");
    traffic.hlsSeen(B, "t3");
    assertThat(traffic.hlsViewers(A)).isEqualTo(2);
    assertThat(traffic.hlsViewers()).isEqualTo(3);

    clock.advanceMillis(WINDOW / 2);
    traffic.hlsSeen(A, "t2"); // t2 keeps watching, t1 left
    clock.advanceMillis(WINDOW / 2 + 1);

    assertThat(traffic.hlsViewers(A)).isEqualTo(1);
    assertThat(traffic.hlsViewers()).isEqualTo(1);
  }

  @Test
  void shouldRememberAtMostTheBoundOfViewersPerChannelAndMakeRoomAsTheyGoQuiet() {
    ChannelTraffic traffic = traffic(10, 2);

    traffic.hlsSeen(A, "t1");
    traffic.hlsSeen(A, "t2");
    traffic.hlsSeen(A, "t3"); // past the bound: not remembered
    assertThat(traffic.hlsViewers(A)).isEqualTo(2);

    clock.advanceMillis(WINDOW + 1);
    traffic.hlsSeen(A, "t3"); // the others went quiet: room again
    assertThat(traffic.hlsViewers(A)).isEqualTo(1);
  }
}
