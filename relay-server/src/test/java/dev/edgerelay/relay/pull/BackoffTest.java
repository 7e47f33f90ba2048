package dev.edgerelay.relay.pull;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.SettableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The reconnect rule: growth only for consecutive attempts without media; after media, at once. */
class BackoffTest {

  private final SettableClock clock = SettableClock.at(1_000_000);
  private final PullOptions options = new PullOptions().setInitialBackoffMillis(1_000).setMaxBackoffMillis(8_000);

  private static RandomGenerator middle() {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return 0.5; // spread factor 1 + JITTER * (2 * 0.5 - 1) = 1
      }
    };
  }

  private List<Long> failures(Backoff backoff, int count) {
    List<Long> pauses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      backoff.attemptStarted();
      clock.advanceMillis(50);
      pauses.add(backoff.nextPauseMillis());
    }
    return pauses;
  }

  @Test
  void shouldDoubleOnlyAcrossConsecutiveFailuresUpToTheCap() {
    Backoff backoff = new Backoff(options, clock, middle());

    assertThat(failures(backoff, 6)).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 8_000L, 8_000L);
    assertThat(backoff.failures()).isEqualTo(6);
  }

  @Test
  void shouldReconnectAtOnceAfterASessionThatDeliveredMediaHoweverShort() {
    Backoff backoff = new Backoff(options, clock, middle());
    failures(backoff, 3); // the origin was down: 1 s, 2 s, 4 s

    backoff.attemptStarted();
    clock.advanceMillis(20_000); // 20 s of healthy play, far below any "healthy run" threshold
    backoff.mediaArrived();
    assertThat(backoff.nextPauseMillis()).isZero();
    assertThat(backoff.failures()).isZero();

    // five drops in a row, each after a few seconds of media: never a growing wait
    for (int drop = 0; drop < 5; drop++) {
      backoff.attemptStarted();
      clock.advanceMillis(3_000);
      backoff.mediaArrived();
      assertThat(backoff.nextPauseMillis()).as("drop %d", drop).isZero();
    }
    // and the next failure starts again from the initial pause
    assertThat(failures(backoff, 2)).containsExactly(1_000L, 2_000L);
  }

  @Test
  void shouldCountAConnectionThatNeverDeliveredMediaAsAFailure() {
    Backoff backoff = new Backoff(options, clock, middle());
    backoff.attemptStarted();
    clock.advanceMillis(10_000); // connected, silent until the watchdog gave up
    assertThat(backoff.nextPauseMillis()).isEqualTo(1_000);
    backoff.attemptStarted();
    clock.advanceMillis(10_000);
    assertThat(backoff.nextPauseMillis()).isEqualTo(2_000);
  }

  @Test
  void shouldNotHammerAnOriginThatSendsAFrameAndDrops() {
    Backoff backoff = new Backoff(options, clock, middle());
    backoff.attemptStarted();
    clock.advanceMillis(300);
    backoff.mediaArrived();
    // at most one attempt per initial pause: the attempt took 300 ms, so 700 ms more
    assertThat(backoff.nextPauseMillis()).isEqualTo(700);
  }

  @Test
  void shouldSpreadFailurePausesByTheJitter() {
    RandomGenerator low = () -> 0L; // nextDouble() == 0: the lowest spread
    Backoff backoff = new Backoff(options, clock, low);
    backoff.attemptStarted();
    assertThat(backoff.nextPauseMillis()).isEqualTo(Math.round(1_000 * (1 - PullOptions.JITTER)));
  }
}
