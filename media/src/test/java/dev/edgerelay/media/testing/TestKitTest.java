package dev.edgerelay.media.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestKitTest {
  @Test
  void eventuallyReturnsTheFirstAcceptedValue() {
    AtomicInteger reads = new AtomicInteger();
    int value = Eventually.value("three reads", Duration.ofSeconds(5), reads::incrementAndGet, v -> v >= 3);
    assertEquals(3, value);
  }

  @Test
  void eventuallyFailsWithWhatItAwaitedAndTheLastProbeFailure() {
    AssertionError error = assertThrows(AssertionError.class, () -> Eventually.value("a never-ready probe",
        Duration.ofMillis(50), () -> {
          throw new IllegalStateException("not ready");
        }, v -> true));
    assertTrue(error.getMessage().contains("a never-ready probe"), error.getMessage());
    assertInstanceOf(IllegalStateException.class, error.getCause());
  }

  @Test
  void awaitRethrowsTheUncheckedFailureItself() {
    CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalArgumentException("bad"));
    assertThrows(IllegalArgumentException.class, () -> Await.result(failed));
    assertInstanceOf(IllegalArgumentException.class, Await.failure(failed));
    assertThrows(AssertionError.class, () -> Await.result(new CompletableFuture<>(), Duration.ofMillis(20)));
  }

  @Test
  void settableClockMovesOnlyWhenToldOrStepped() {
    SettableClock clock = SettableClock.at(Instant.ofEpochMilli(1_000));
    assertEquals(1_000, clock.millis());
    clock.advance(Duration.ofSeconds(2));
    assertEquals(3_000, clock.millis());
    assertEquals(3_000, clock.withZone(ZoneId.of("Asia/Shanghai")).millis());

    SettableClock zoned = SettableClock.at(Instant.ofEpochMilli(1_000), ZoneId.of("Asia/Shanghai"));
    assertEquals(ZoneId.of("Asia/Shanghai"), zoned.getZone());
    zoned.advanceMillis(500);
    assertEquals(1_500, zoned.millis());

    SettableClock stepping = SettableClock.stepping(10, 5);
    assertEquals(10, stepping.millis());
    assertEquals(15, stepping.millis());
  }
}
