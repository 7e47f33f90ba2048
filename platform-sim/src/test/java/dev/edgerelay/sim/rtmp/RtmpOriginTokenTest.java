package dev.edgerelay.sim.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where the play token rides in the stream name's query (API-NOTES: appended raw after '?'). */
class RtmpOriginTokenTest {
  @Test
  void shouldTakeRawAndNamedTokens() {
    assertThat(RtmpOrigin.token("0123abcd")).isEqualTo("0123abcd");
    assertThat(RtmpOrigin.token("accessToken=0123abcd")).isEqualTo("0123abcd");
    assertThat(RtmpOrigin.token("token=0123abcd&idle_time=30")).isEqualTo("0123abcd");
    assertThat(RtmpOrigin.token("")).isEmpty();
  }

  @Test
  void shouldNameStreamsDeviceDashChannel() {
    assertThat(RtmpOrigin.streamName("10000001", 2)).isEqualTo("10000001-2");
  }
}
