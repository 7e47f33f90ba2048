package dev.edgerelay.recorder.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.ChannelRef;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The outbox's stored value layout, the name rules of spec 15.1, and the bandwidth pacer
 * (object by object and chunk by chunk). */
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
    OutboxItem recovered = OutboxItem.decode(1, flying.encode()).recovered(1_000);
    assertThat(recovered.state()).isEqualTo(OutboxState.PENDING);
    assertThat(recovered.outcomeUnknown()).isTrue();
    assertThat(recovered.nextAttemptMillis()).as("a request that left may still land: wait").isEqualTo(1_005);
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
  @Test
  void shouldHandOutAnObjectChunkByChunkAtTheByteRate() throws Exception {
    int chunksPerSecond = 20;
    UploadPacer pacer = new UploadPacer((long) UploadBody.CHUNK_BYTES * chunksPerSecond);
    byte[] object = new byte[UploadBody.CHUNK_BYTES * 10 + 7]; // half a second of budget and a bit
    new Random(3).nextBytes(object);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      UploadBody body = new UploadBody(object, pacer, timer, 2);
      assertThat(body.paceMillis()).as("two uploads sharing the cap").isEqualTo(1_001);
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      List<Long> at = new ArrayList<>();
      long asked = System.nanoTime(); // the pacer's timeline starts at the first request, not before
      for (byte[] chunk = body.next().toCompletableFuture().get(); chunk != null;
          chunk = body.next().toCompletableFuture().get()) {
        at.add(System.nanoTime());
        read.write(chunk);
        assertThat(chunk.length).isLessThanOrEqualTo(UploadBody.CHUNK_BYTES);
      }
      assertThat(read.toByteArray()).isEqualTo(object);
      assertThat(at).hasSize(11);
      long gap = 1_000_000_000L / chunksPerSecond;
      for (int i = 1; i < at.size(); i++) {
        // chunks are due on one timeline from the first request; a timer fires late, never early (2 ms for
        // reading the clock). Measured from the request, not from the first chunk's arrival: a test thread
        // preempted while taking chunk 0 would see the next ones sooner after it without any burst.
        assertThat(at.get(i) - asked).as("chunk " + i + " after the first request").isGreaterThanOrEqualTo(i * gap - 2_000_000);
      }
    } finally {
      timer.shutdownNow();
    }
  }
}
