package dev.edgerelay.relay.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.edgerelay.media.rtmp.server.RtmpRequest;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The node serves at most {@link RecordedPlayOptions#maxPlays()} recorded plays at once. */
class RecordedPlaysLimitTest {
  private static final String NAME = "cam1-1-20260101000000-20260101010000"; // {dev}-{ch}-{begin}-{end}

  @Test
  void shouldRefuseAPlayPastTheLimitBeforeLookingAtAccess() {
    RecordedPlayOptions options = new RecordedPlayOptions(RecordedPlayOptions.DEFAULT_READ_AHEAD_BYTES,
        RecordedPlayOptions.DEFAULT_READ_CHUNK_BYTES, RecordedPlayOptions.DEFAULT_LEAD_MILLIS, 2);
    RecordedPlays plays = new RecordedPlays(null, null, null, ZoneOffset.UTC, options); // access is never reached
    plays.counters().playing().set(2); // two players are being served

    String denied = plays.deny(new RtmpRequest(RtmpRequest.Action.PLAY, RecordedPlays.APP, NAME, "token=x", null));

    assertThat(denied).isEqualTo("this node already plays 2 recordings, the most it serves at once: "
        + "play again when one ends, or use the rvod HLS playlist");
  }

  @Test
  void shouldRejectALimitBelowOne() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RecordedPlayOptions(
        RecordedPlayOptions.DEFAULT_READ_AHEAD_BYTES, RecordedPlayOptions.DEFAULT_READ_CHUNK_BYTES, 0, 0))
        .withMessageContaining("maxPlays");
  }
}
