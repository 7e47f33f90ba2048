package dev.edgerelay.relay.record;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.DiskBacklog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one channel recording for as long as it should: starts a {@link Run} of its recorder, and when a run
 * fails (it threw, its sink or index write failed, its stream ended) starts the next one after a pause that
 * doubles with each failure in a row up to a bound, and is reset by a run that commits a segment. Its
 * failures (count, last reason, next retry) are what {@code /edge/channels} shows. A channel's failure
 * touches no other channel: each has its own supervisor, context, sink and writer.
 *
 * <p>Confined to its event-loop context, which its runs read their stream on; the facts it reports are
 * volatile so routes may read them from any thread.
 */
final class RecorderSupervisor {
  private static final Logger LOG = LoggerFactory.getLogger(RecorderSupervisor.class);

  /** One run of a channel's recorder. */
  interface Run {
    /** Finishes the open segment now; completes once it is on disk and indexed. */
    Future<Void> stop();

    /** Finishes the open segment at the end of the live part being written; as {@link #stop} by default. */
    default Future<Void> stopAtPartEnd() {
      return stop();
    }
  }

  /** What a run reports to its supervisor; {@link #failed} at most once, on the supervisor's context. */
  interface Events {
    void committed(SegmentRecord segment);

    void failed(String reason);
  }

  enum State { RECORDING, RESTARTING, STOPPED }

  private final ChannelRef channel;
  private final Vertx vertx;
  private final Context context;
  private final Clock clock;
  private final long firstPauseMillis;
  private final long maxPauseMillis;
  private final DiskBacklog backlog;
  private final Function<Events, Run> starter;
  private final Consumer<SegmentRecord> onCommitted;
  private final AtomicLong segments = new AtomicLong();
  private volatile State state = State.RECORDING;
  private volatile long failures;
  private volatile String lastFailure;
  private volatile long nextRetryMillis;
  /** The events of the current run, null between runs; written on the context (and once before it starts). */
  private volatile Events current;
  // on the context
  private Run run;
  /** The run a stop ended or is ending: a later stop (the node stopping) may hurry it. */
  private Run stopped;
  private int failuresInARow;
  private long timer = -1;

  /**
   * @param starter starts a run on {@code context} reporting to the given events; may throw (the hub is full,
   *     the stream cannot open), which counts as a failure
   * @param onCommitted hears of every segment committed, on the writer thread
   */
  RecorderSupervisor(ChannelRef channel, Vertx vertx, Context context, Clock clock, long firstPauseMillis,
      long maxPauseMillis, DiskBacklog backlog, Function<Events, Run> starter, Consumer<SegmentRecord> onCommitted) {
    this.channel = channel;
    this.vertx = vertx;
    this.context = context;
    this.clock = clock;
    this.firstPauseMillis = firstPauseMillis;
    this.maxPauseMillis = maxPauseMillis;
    this.backlog = backlog;
    this.starter = starter;
    this.onCommitted = onCommitted;
  }

  /** The pause before the restart that follows {@code failuresInARow} failures: doubled each time, bounded. */
  static long pauseAfter(int failuresInARow, long firstMillis, long maxMillis) {
    int doublings = Math.min(Math.max(0, failuresInARow - 1), 30);
    return Math.min(maxMillis, firstMillis << doublings);
  }

  /**
   * Starts the first run on the caller's thread, before any event can reach this supervisor; what it throws
   * (the hub is full) reaches the caller, and nothing is left running.
   */
  void startOrThrow() {
    Events events = new RunEvents();
    current = events;
    Run started = starter.apply(events);
    context.runOnContext(v -> {
      if (current == events) {
        run = started; // unless it failed already, and then it has finished itself
      }
    });
  }

  /** Starts the first run; a failure to start is retried after the pause, like any failure. */
  void startOrRetry() {
    context.runOnContext(v -> startRun());
  }

  private void startRun() {
    if (state == State.STOPPED) {
      return;
    }
    Events events = new RunEvents();
    current = events;
    try {
      run = starter.apply(events);
      state = State.RECORDING;
      nextRetryMillis = 0;
    } catch (RuntimeException e) {
      failed(events, "cannot start: " + e.getMessage());
    }
  }

  /** On the context. */
  private void failed(Events from, String reason) {
    if (from != current || state == State.STOPPED) {
      return; // a run already replaced or stopped
    }
    current = null;
    run = null;
    failuresInARow++;
    failures++;
    lastFailure = reason;
    long pause = pauseAfter(failuresInARow, firstPauseMillis, maxPauseMillis);
    nextRetryMillis = clock.millis() + pause;
    state = State.RESTARTING;
    LOG.warn("recording of {} failed ({}): restarting in {} ms, failure {} in a row", channel, reason, pause,
        failuresInARow);
    timer = vertx.setTimer(pause, id -> {
      timer = -1;
      startRun();
    });
  }

  /** Stops for good: no run is started again; completes once the last segment is on disk and indexed. */
  Future<Void> stop() {
    return stop(Run::stop);
  }

  /** As {@link #stop}, the run ending at the end of the live part being written ({@link Run#stopAtPartEnd}). */
  Future<Void> stopAtPartEnd() {
    return stop(Run::stopAtPartEnd);
  }

  private Future<Void> stop(Function<Run, Future<Void>> stopping) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      state = State.STOPPED;
      current = null;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      Run last = run != null ? run : stopped;
      run = null;
      stopped = last;
      (last == null ? Future.<Void>succeededFuture() : stopping.apply(last)).onComplete(done);
    });
    return done.future();
  }

  ChannelRef channel() {
    return channel;
  }

  /** The channel's disk backlog, kept across the runs: its counts are the channel's. */
  DiskBacklog backlog() {
    return backlog;
  }

  State state() {
    return state;
  }

  RecordingService.ChannelState facts() {
    return new RecordingService.ChannelState(channel, state.name().toLowerCase(), segments.get(), backlog.earlyCuts(),
        backlog.skippedUnits(), backlog.abandonedSegments(), failures, lastFailure,
        state == State.RESTARTING ? nextRetryMillis : 0);
  }

  /** The events of one run: those of a run already replaced are ignored. */
  private final class RunEvents implements Events {
    @Override
    public void committed(SegmentRecord segment) {
      segments.incrementAndGet();
      onCommitted.accept(segment);
      context.runOnContext(v -> {
        if (current == this) {
          failuresInARow = 0; // this run records: the next failure pauses the shortest time again
        }
      });
    }

    @Override
    public void failed(String reason) {
      if (Vertx.currentContext() == context) {
        RecorderSupervisor.this.failed(this, reason);
      } else {
        context.runOnContext(v -> RecorderSupervisor.this.failed(this, reason));
      }
    }
  }
}
