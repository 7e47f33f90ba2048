package dev.edgerelay.relay.record;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.retention.PinnedSegments;
import dev.edgerelay.recorder.retention.Retention;
import dev.edgerelay.recorder.retention.RetentionPolicy;
import dev.edgerelay.recorder.store.DiskBacklog;
import dev.edgerelay.recorder.catalog.RecorderStorage;
import dev.edgerelay.recorder.catalog.RecordingCatalog;
import dev.edgerelay.recorder.store.SegmentFiles;
import dev.edgerelay.recorder.store.SegmentStore;
import dev.edgerelay.relay.hub.ReaderContexts;
import dev.edgerelay.relay.hls.HlsService;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.cluster.Ownership;
import dev.edgerelay.relay.cluster.RecordingIntent;
import dev.edgerelay.relay.cluster.ownership.TakeoverPacer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's recorder: which channels record, a {@link RecorderSupervisor} per recording channel that keeps its
 * {@link ChannelRecorder} running (restarted after a pause when it fails), the recorder's storage and its
 * retention. Which channels record is the site's recording intents ({@link Ownership#intents}), mirrored in the
 * node state so recording resumes after a restart; channels named in {@code --record-channels} are turned on at
 * every start. A {@link RecordingReconciler} records here the channels whose intent is on and whose origin is this
 * node. Index and file work runs on the bounded {@code recorder-io} pool, never on an event loop.
 */
public final class RecordingService {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingService.class);
  /**
   * Tasks waiting for a {@code recorder-io} thread: each recording channel has at most one queued (its
   * {@code SerialExecutor} drain), so this bounds the channels one node records.
   */
  static final int IO_QUEUE_BOUND = 4096;

  /**
   * One channel's recording as {@code /edge/storage}, {@code /edge/channels} and {@code /edge/metrics} show it.
   *
   * @param state recording, restarting (waiting out the pause after a failure) or stopped
   * @param earlyCuts segments closed early because the disk fell behind
   * @param skippedUnits units not recorded while the disk caught up
   * @param abandonedSegments segments discarded whole because the disk fell too far behind for an early cut
   * @param failures runs of the recorder that failed since recording started
   * @param lastFailure why the last run failed, or null
   * @param nextRetryMillis when the next run starts (epoch millis) while restarting, else 0
   */
  public record ChannelState(ChannelRef channel, String state, long segments, long earlyCuts, long skippedUnits,
      long abandonedSegments, long failures, String lastFailure, long nextRetryMillis) {}

  private final Vertx vertx;
  private final StreamHub hub;
  private final RecorderStorage storage;
  private final SegmentStore store;
  private final RecorderOptions options;
  private final HlsService hls;
  private final Clock clock;
  private final ExecutorService ioPool;
  private final Retention retention;
  private final Map<ChannelRef, RecorderSupervisor> recorders = new ConcurrentHashMap<>();
  /** Recorders detached whose last segment is not indexed yet. */
  private final Map<ChannelRef, Stopping> stopping = new ConcurrentHashMap<>();
  private final AtomicBoolean retentionRunning = new AtomicBoolean();
  private final List<Consumer<SegmentRecord>> committedListeners = new CopyOnWriteArrayList<>();
  private final long retentionTimer;
  private volatile RecordingMetrics metrics;
  private volatile RecordingReconciler reconciler;

  private RecordingService(Vertx vertx, StreamHub hub, RecorderStorage storage, RecorderOptions options,
      HlsService hls, Clock clock, ExecutorService ioPool, PinnedSegments pinned) {
    this.vertx = vertx;
    this.hub = hub;
    this.storage = storage;
    this.store = storage.store();
    this.options = options;
    this.hls = hls;
    this.clock = clock;
    this.ioPool = ioPool;
    this.retention = new Retention(store, new RetentionPolicy(options.quotaBytes(), options.minFreeBytes(),
        options.maxAgeMillis(), options.channelMaxAgeMillis()), pinned, () -> usableBytes(store.files()), clock);
    this.retentionTimer = vertx.setPeriodic(options.retentionIntervalMs(), id -> runRetention());
  }

  /**
   * Opens the store under {@code dataDir}, reconciles it with the disk, and records every channel whose intent is
   * on (as mirrored, as the site says, or configured) and whose origin {@code ownership} says is this node;
   * recorders started later by a change of origin wait their turn in {@code takeovers}. Recorders take their
   * channels' TS from the live muxers of {@code hls}, so a channel is muxed once.
   */
  public static Future<RecordingService> start(Vertx vertx, StreamHub hub, Path dataDir, RecorderOptions options,
      HlsService hls, Clock clock, PinnedSegments pinned, Ownership ownership, TakeoverPacer takeovers) {
    ExecutorService ioPool = ioPool(options.ioThreads());
    return vertx.executeBlocking(() -> RecorderStorage.open(dataDir, options.videoGapMs()), false)
        .map(storage -> new RecordingService(vertx, hub, storage, options, hls, clock, ioPool, pinned))
        .onFailure(err -> ioPool.shutdown())
        .compose(service -> {
          service.reconciler = new RecordingReconciler(vertx, ReaderContexts.next(vertx), ownership,
              service.new Supervised(), service.storage.state().intents(), options.alwaysRecording(), hub, takeovers,
              clock);
          return service.reconciler.start().map(v -> {
            LOG.info("recorder ready at {}: {} channels to record on the site, {} here", dataDir,
                ownership.intents().values().stream().filter(RecordingIntent::on).count(), service.recorders.size());
            return service;
          });
        });
  }

  /** A bounded pool: {@code threads} named threads, a queue of {@link #IO_QUEUE_BOUND} channel drains. */
  private static ExecutorService ioPool(int threads) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(IO_QUEUE_BOUND),
        r -> {
          Thread t = new Thread(r, "recorder-io-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private static long usableBytes(SegmentFiles files) {
    try {
      return files.usableBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The recorder's storage: its state (outbox, intents), segments and index; for wiring, not for routes. */
  public RecorderStorage storage() {
    return storage;
  }

  /** What has been recorded, as the routes ask for it. */
  public RecordingCatalog catalog() {
    return storage.catalog();
  }

  public Retention retention() {
    return retention;
  }

  /** Runs {@code work} on a worker: every catalog and file call of the routes goes through here. */
  public <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  /**
   * record_video action=1: turns the channel's intent on for the site (persisted), then starts its recorder when
   * this node is its origin; another origin starts it when it hears of the intent.
   */
  public Future<Void> start(ChannelRef channel) {
    return reconciler.set(channel, true);
  }

  /** record_video action=0: turns the intent off; completes once this node's last segment of it is indexed. */
  public Future<Void> stop(ChannelRef channel) {
    return reconciler.set(channel, false);
  }

  /** A recorder being stopped, and when its last segment is indexed. */
  private record Stopping(RecorderSupervisor supervisor, Future<Void> stopped) {}

  /** Stops {@code channel}'s recorder, the intent unchanged; completes once its last segment is indexed. */
  private Future<Void> detach(ChannelRef channel) {
    RecorderSupervisor r = recorders.remove(channel);
    if (r == null) { // detached already (the reconciler and record_video race): wait for the same stop
      Stopping s = stopping.get(channel);
      return s == null ? Future.succeededFuture() : s.stopped();
    }
    RecordingMetrics m = metrics;
    if (m != null) {
      m.remove(channel);
    }
    Future<Void> stopped = r.stopAtPartEnd(); // live viewers keep the part being written whole
    Stopping s = new Stopping(r, stopped);
    stopping.put(channel, s);
    stopped.onComplete(ar -> stopping.remove(channel, s));
    return stopped;
  }

  /** Runs {@code action} after a recorder handed off to a channel's new origin stopped (the live path's recheck). */
  public void afterHandoff(Runnable action) {
    reconciler.afterHandoff(action);
  }

  /** The channels this node records now (each with its supervisor, running or restarting). */
  public Set<ChannelRef> recordingHere() {
    return Set.copyOf(recorders.keySet());
  }

  /**
   * Supervises {@code channel}'s recorder unless it already is; {@code orThrow}: a first run that cannot start
   * (the hub is full) throws to the caller and leaves nothing behind, else it is retried after the pause.
   */
  private void attach(ChannelRef channel, boolean orThrow) {
    RecorderSupervisor supervised = recorders.compute(channel, (k, current) -> {
      if (current != null) {
        return current;
      }
      LOG.info("recording {}", channel);
      RecorderSupervisor supervisor = supervisor(channel);
      if (orThrow) {
        supervisor.startOrThrow();
      } else {
        supervisor.startOrRetry();
      }
      return supervisor;
    });
    RecordingMetrics m = metrics;
    if (m != null) {
      m.add(supervised);
    }
  }

  /** Counts every recording channel's faults in {@code registry} ({@code GET /edge/metrics}) from now on. */
  public void exposeMetrics(MeterRegistry registry) {
    RecordingMetrics m = new RecordingMetrics(registry);
    metrics = m;
    recorders.values().forEach(m::add);
  }

  private RecorderSupervisor supervisor(ChannelRef channel) {
    Context context = ReaderContexts.next(vertx); // its own event loop, in turn: not the caller's
    DiskBacklog backlog = new DiskBacklog(channel);
    return new RecorderSupervisor(channel, vertx, context, clock, options.restartPauseMs(),
        options.restartMaxPauseMs(), backlog, events -> new ChannelRecorder(context, hub, hls, store, ioPool,
            options, clock, channel, backlog, events), this::committed);
  }

  /** On the writer: a full volume triggers retention at once rather than at the next period. */
  private void committed(SegmentRecord segment) {
    RecordingReconciler r = reconciler;
    if (r != null) {
      r.committed(segment.channel());
    }
    committedListeners.forEach(l -> l.accept(segment));
    if (retention.underFreeSpace()) {
      vertx.runOnContext(v -> runRetention());
    }
  }

  /** {@code listener} hears of every segment committed, on the writer thread: it must not block (uploads). */
  public void onCommitted(Consumer<SegmentRecord> listener) {
    committedListeners.add(listener);
  }

  /** Runs retention on a worker unless a run is already going. */
  public Future<Retention.Report> runRetention() {
    if (!retentionRunning.compareAndSet(false, true)) {
      return Future.succeededFuture(new Retention.Report(0, 0, 0));
    }
    return blocking(retention::run).onComplete(ar -> {
      retentionRunning.set(false);
      if (ar.failed()) {
        LOG.error("retention failed", ar.cause());
      }
    });
  }

  public boolean recording(ChannelRef channel) {
    RecorderSupervisor r = recorders.get(channel);
    return r != null && r.state() == RecorderSupervisor.State.RECORDING;
  }

  /**
   * Whether the video made of {@code segments} is still being recorded here, so its playlist is an EVENT one that
   * grows (docs/architecture.md, recordings): this node records its channel, the video's last segment is the
   * channel's newest, and the segment being written now will continue it (it starts within the video gap). Reads
   * the catalog: call it through {@link #blocking}.
   */
  public boolean stillRecording(ChannelRef channel, List<SegmentRecord> segments) {
    if (segments.isEmpty() || !recording(channel)) {
      return false;
    }
    SegmentRecord last = segments.get(segments.size() - 1);
    boolean continues = clock.millis() - last.endMillis() <= (long) options.videoGapMs() + eventTargetSeconds() * 1000L;
    return continues && catalog().segments(channel, last.endMillis(), Long.MAX_VALUE).stream()
        .allMatch(s -> s.videoId() == last.videoId());
  }

  /**
   * The target duration of a recording's EVENT playlist, fixed for the segments still to come (RFC 8216 4.3.3.1):
   * a segment is cut at the first keyframe after the segment length, so with GOPs up to that length it stays under
   * twice the length.
   */
  public int eventTargetSeconds() {
    return (int) Math.ceil(2 * options.segmentMs() / 1000.0);
  }

  public List<ChannelState> states() {
    List<ChannelState> out = new ArrayList<>();
    recorders.values().forEach(r -> out.add(r.facts()));
    return out;
  }

  /** The recording of {@code channel}, or null when it does not record. */
  public ChannelState state(ChannelRef channel) {
    RecorderSupervisor r = recorders.get(channel);
    return r == null ? null : r.facts();
  }

  /**
   * A graceful stop's first step on a site (docs/architecture.md, "Cluster: recording"): this node drains, so its
   * recorded channels move to its peers, and this completes once it records nothing any more or {@code bound} has
   * passed. A node alone has no one to hand off to and completes at once.
   */
  public Future<Void> handOffAll(Ownership ownership, Duration bound) {
    if (ownership.members() < 2) {
      return Future.succeededFuture();
    }
    long deadline = System.nanoTime() + bound.toNanos();
    return ownership.setDraining(true).compose(v -> Future.<Void>future(p -> {
      vertx.setPeriodic(100, id -> {
        if (recordingHere().isEmpty() || System.nanoTime() > deadline) {
          vertx.cancelTimer(id);
          LOG.info("drained: {} channels still recorded here", recordingHere().size());
          p.tryComplete();
        }
      });
    }));
  }

  /**
   * Stops every recorder, keeping the persisted choice so they resume: each commits its open segment, and the
   * commit listeners (uploads) hear of it before this completes. The storage stays open ({@link #close}).
   */
  public Future<Void> stopRecorders() {
    vertx.cancelTimer(retentionTimer);
    if (reconciler != null) {
      reconciler.close();
    }
    List<Future<Void>> stops = new ArrayList<>();
    recorders.values().forEach(r -> stops.add(r.stop()));
    recorders.clear();
    stopping.values().forEach(s -> { // stops at a part's end (handoffs, operators) are cut short: the node goes
      stops.add(s.supervisor().stop());
      stops.add(s.stopped());
    });
    return Future.join(stops).otherwiseEmpty().mapEmpty();
  }

  /** The reconciler's hands on this service's supervisors. */
  private final class Supervised implements RecordingReconciler.Recorders {
    @Override
    public Set<ChannelRef> supervised() {
      return recordingHere();
    }

    @Override
    public void attach(ChannelRef channel, boolean orThrow) {
      RecordingService.this.attach(channel, orThrow);
    }

    @Override
    public Future<Void> detach(ChannelRef channel) {
      return RecordingService.this.detach(channel);
    }
  }

  /** Stops every recorder ({@link #stopRecorders}), then closes the storage. */
  public Future<Void> close() {
    return stopRecorders().compose(v -> blocking(() -> {
      ioPool.shutdown();
      ioPool.awaitTermination(10, TimeUnit.SECONDS);
      storage.close();
      return null;
    })).mapEmpty();
  }
}
