package dev.edgerelay.recorder.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import org.junit.jupiter.api.Test;

/** Issue 7: the outbox's stored value layout, the name rules of spec 15.1, and the bandwidth pacer. */
class OutboxValuesTest {
  @Test
  void shouldRoundTripAnItemThroughItsStoredLayout() {
    OutboxItem item = OutboxItem.pending(42, UploadKind.PICTURE, "/data/snap/a.jpg", 1234,
        UploadTarget.picture("10001", 3, "jpg", "snap-1", "door"), 1_000).inFlight(2_000)
        .retryAt(9_000, true, "errno 503: busy", 3_000);
    OutboxItem back = OutboxItem.decode(42, item.encode());
    assertThat(back).isEqualTo(item);
    assertThat(back.state()).isEqualTo(OutboxState.PENDING);
    assertThat(back.attempts()).isEqualTo(1);
  }

  @Test
  void shouldComeBackFromInFlightAsPendingWithAnUnknownOutcome() {
    OutboxItem flying = OutboxItem.pending(1, UploadKind.RECORDING, "f", 1, UploadTarget.recording("n", ""), 0)
        .inFlight(5);
    OutboxItem recovered = OutboxItem.decode(1, flying.encode()).recovered();
    assertThat(recovered.state()).isEqualTo(OutboxState.PENDING);
    assertThat(recovered.outcomeUnknown()).isTrue();
  }

  @Test
  void shouldSanitiseNamesToPassCodes1001And1002() {
    assertThat(ObjectNames.sanitiseName("door cam #1/ä.jpg")).isEqualTo("door_cam__1/_.jpg");
    String longName = "x".repeat(300) + "-20260101T000000.000Z.ts";
    assertThat(ObjectNames.sanitiseName(longName)).hasSize(ObjectNames.MAX_NAME).endsWith("-20260101T000000.000Z.ts");
    assertThat(ObjectNames.sanitiseDesc("d".repeat(2000))).hasSize(ObjectNames.MAX_DESC);
    assertThat(new UploadTarget("a b", null, null, 0, null).name()).isEqualTo("a_b");
  }

  @Test
  void shouldNameASegmentByDeviceChannelAndStartOnly() {
    assertThat(ObjectNames.recording(new ChannelRef("10001", 2), 1_767_225_600_123L))
        .isEqualTo("rec/10001/2/20260101T000000.123Z.ts");
  }

  @Test
  void shouldPaceStartsToTheByteRate() {
    UploadPacer pacer = new UploadPacer(1_000);
    long s = 1_000_000_000L;
    assertThat(pacer.reserve(500, 0)).isZero();
    assertThat(pacer.reserve(500, 0)).isEqualTo(s / 2);
    assertThat(pacer.reserve(1_000, s / 4)).isEqualTo(s - s / 4);
    assertThat(pacer.reserve(100, 10 * s)).as("idle time is not saved up as a burst").isZero();
    assertThat(new UploadPacer(0).reserve(1 << 20, 0)).isZero();
  }
}
