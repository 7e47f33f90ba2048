package dev.edgerelay.relay.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.DiskBacklog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A channel recorder that fails is restarted after a pause that doubles up to a bound, while it should record. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecorderSupervisorTest {
  static final ChannelRef CAM = new ChannelRef("4321", 2);
  static final long PAUSE = 150;
  static final long MAX_PAUSE = 400;
  static final Duration WITHIN = Duration.ofSeconds(10);

  /** The runs a supervisor started, each with the events it reports through and when it started. */
  record Started(RecorderSupervisor.Events events, long atNanos, AtomicInteger stops) implements RecorderSupervisor.Run {
    @Override
    public Future<Void> stop() {
      stops.incrementAndGet();
      return Future.succeededFuture();
    }
  }

  final List<Started> runs = new CopyOnWriteArrayList<>();
  final List<Long> attempts = new CopyOnWriteArrayList<>();
  final List<SegmentRecord> committed = new CopyOnWriteArrayList<>();
  Context context;

  @BeforeEach
  void context(Vertx vertx) {
    context = vertx.getOrCreateContext();
  }

  RecorderSupervisor supervisor(Vertx vertx, int throwingStarts) {
    AtomicInteger starts = new AtomicInteger();
    return new RecorderSupervisor(CAM, vertx, context, Clock.systemUTC(), PAUSE, MAX_PAUSE, new DiskBacklog(CAM),
        events -> {
          attempts.add(System.nanoTime());
          if (starts.incrementAndGet() <= throwingStarts) {
            throw new IllegalStateException("the stream hub is closed");
          }
          Started run = new Started(events, System.nanoTime(), new AtomicInteger());
          runs.add(run);
          return run;
        }, committed::add);
  }

  static SegmentRecord segment(long start) {
    return new SegmentRecord(CAM, start, 2_000, 188 * 100, start, false);
  }

  @Test
  void shouldRestartAFailedRunAfterThePauseAndShowItsFailure(Vertx vertx) {
    RecorderSupervisor supervisor = supervisor(vertx, 0);
    supervisor.startOrRetry();
    Eventually.until("the first run", WITHIN, () -> runs.size() == 1);

    long failedAt = System.nanoTime();
    long failedWall = System.currentTimeMillis();
    runs.get(0).events().failed("cannot write 4321/2/x.part: No space left on device");

    RecordingService.ChannelState waiting = Eventually.value("the failure shown", WITHIN, supervisor::facts,
        f -> f.failures() == 1);
    assertThat(waiting.state()).isEqualTo("restarting");
    assertThat(waiting.lastFailure()).contains("No space left on device");
    assertThat(waiting.nextRetryMillis()).isBetween(failedWall + PAUSE, failedWall + PAUSE + 5_000);
    Eventually.until("the second run", WITHIN, () -> runs.size() == 2);
    assertThat(TimeUnit.NANOSECONDS.toMillis(runs.get(1).atNanos() - failedAt)).isGreaterThanOrEqualTo(PAUSE);
    RecordingService.ChannelState recording = supervisor.facts();
    assertThat(recording.state()).isEqualTo("recording");
    assertThat(recording.failures()).isEqualTo(1);
    assertThat(recording.nextRetryMillis()).isZero();

    runs.get(1).events().committed(segment(1_000));
    assertThat(committed).hasSize(1);
    assertThat(supervisor.facts().segments()).isEqualTo(1);
  }

  @Test
  void shouldRetryAStartThatThrowsWithPausesThatDoubleUpToTheBound(Vertx vertx) {
    RecorderSupervisor supervisor = supervisor(vertx, 3);
    supervisor.startOrRetry();

    Eventually.until("a run after three failed starts", Duration.ofSeconds(10), () -> runs.size() == 1);
    assertThat(attempts).hasSize(4);
    assertThat(gapMillis(0)).isGreaterThanOrEqualTo(PAUSE);
    assertThat(gapMillis(1)).isGreaterThanOrEqualTo(2 * PAUSE);
    assertThat(gapMillis(2)).isGreaterThanOrEqualTo(MAX_PAUSE).isLessThan(4 * PAUSE); // bounded, not 600
    assertThat(supervisor.facts().failures()).isEqualTo(3);
    assertThat(supervisor.facts().lastFailure()).isEqualTo("cannot start: the stream hub is closed");
  }

  long gapMillis(int i) {
    return TimeUnit.NANOSECONDS.toMillis(attempts.get(i + 1) - attempts.get(i));
  }

  @Test
  void shouldDoubleThePausePerFailureInARowUpToTheBound() {
    assertThat(RecorderSupervisor.pauseAfter(1, 3_000, 60_000)).isEqualTo(3_000);
    assertThat(RecorderSupervisor.pauseAfter(2, 3_000, 60_000)).isEqualTo(6_000);
    assertThat(RecorderSupervisor.pauseAfter(5, 3_000, 60_000)).isEqualTo(48_000);
    assertThat(RecorderSupervisor.pauseAfter(6, 3_000, 60_000)).isEqualTo(60_000);
    assertThat(RecorderSupervisor.pauseAfter(1_000, 3_000, 60_000)).isEqualTo(60_000);
  }

  @Test
  void shouldResetThePauseOnceARestartedRunCommitsASegment(Vertx vertx) {
    RecorderSupervisor supervisor = supervisor(vertx, 0);
    supervisor.startOrRetry();
    Eventually.until("the first run", WITHIN, () -> runs.size() == 1);
    runs.get(0).events().failed("first");
    Eventually.until("the second run", WITHIN, () -> runs.size() == 2);
    runs.get(1).events().failed("second");
    Eventually.until("the third run", WITHIN, () -> runs.size() == 3);
    runs.get(2).events().committed(segment(5_000)); // it records: the failures in a row are over

    long failedAt = System.currentTimeMillis();
    runs.get(2).events().failed("third");
    RecordingService.ChannelState waiting = Eventually.value("the third failure", WITHIN, supervisor::facts,
        f -> f.failures() == 3);
    assertThat(waiting.nextRetryMillis() - failedAt).as("the first pause again, not the third")
        .isLessThan(2 * PAUSE);
  }

  @Test
  void shouldIgnoreTheEventsOfARunAlreadyReplacedAndStartNothingAfterStop(Vertx vertx) {
    RecorderSupervisor supervisor = supervisor(vertx, 0);
    supervisor.startOrRetry();
    Eventually.until("the first run", WITHIN, () -> runs.size() == 1);
    runs.get(0).events().failed("first");
    Eventually.until("the second run", WITHIN, () -> runs.size() == 2);
    runs.get(0).events().failed("late news of the first run");
    runs.get(1).events().failed("second");
    Eventually.until("the second failure", WITHIN, () -> supervisor.facts().failures() == 2);

    Await.result(supervisor.stop().toCompletionStage());
    Promise<Void> twoPauses = Promise.promise();
    vertx.setTimer(2 * MAX_PAUSE, id -> twoPauses.complete());
    Await.result(twoPauses.future().toCompletionStage());

    assertThat(runs).hasSize(2);
    assertThat(supervisor.facts().state()).isEqualTo("stopped");
    assertThat(supervisor.facts().lastFailure()).isEqualTo("second");
  }

  @Test
  void shouldStopTheRunningRunOnStop(Vertx vertx) {
    RecorderSupervisor supervisor = supervisor(vertx, 0);
    supervisor.startOrThrow();
    assertThat(runs).hasSize(1);

    Await.result(supervisor.stop().toCompletionStage());

    assertThat(runs.get(0).stops()).hasValue(1);
    assertThat(supervisor.state()).isEqualTo(RecorderSupervisor.State.STOPPED);
  }

  @Test
  void shouldHurryARunStoppingAtItsPartEndWhenTheNodeStops(Vertx vertx) {
    Promise<Void> partEnd = Promise.promise(); // the live part never ends by itself here
    RecorderSupervisor supervisor = new RecorderSupervisor(CAM, vertx, context, Clock.systemUTC(), PAUSE, MAX_PAUSE,
        new DiskBacklog(CAM), events -> new RecorderSupervisor.Run() {
          @Override
          public Future<Void> stop() {
            partEnd.tryComplete(); // cut now: the waiting stop ends too
            return Future.succeededFuture();
          }

          @Override
          public Future<Void> stopAtPartEnd() {
            return partEnd.future();
          }
        }, committed::add);
    supervisor.startOrThrow();

    Future<Void> operatorStop = supervisor.stopAtPartEnd();
    assertThat(operatorStop.isComplete()).as("waiting for the part's end").isFalse();
    Await.result(supervisor.stop().toCompletionStage()); // the node stops

    Await.result(operatorStop.toCompletionStage());
    assertThat(supervisor.state()).isEqualTo(RecorderSupervisor.State.STOPPED);
  }
}
