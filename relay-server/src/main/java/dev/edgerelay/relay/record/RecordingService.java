package dev.edgerelay.relay.record;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.retention.PinnedSegments;
import dev.edgerelay.recorder.retention.Retention;
import dev.edgerelay.recorder.retention.RetentionPolicy;
import dev.edgerelay.recorder.store.SegmentStore;
import dev.edgerelay.media.stream.ReaderLimits;
import dev.edgerelay.relay.hub.StreamHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
 * The node's recorder (issue 6): which channels record, their {@link ChannelRecorder}s, the segment
 * store and its retention. Recording state persists in the index's meta family, so a channel that was
 * recording resumes after a restart; channels named in {@code --record-channels} always record.
 * Index and file work runs on the bounded {@code recorder-io} pool, never on an event loop.
 */
public final class RecordingService {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingService.class);
  /**
   * Tasks waiting for a {@code recorder-io} thread: each recording channel has at most one queued (its
   * {@code SerialExecutor} drain), so this bounds the channels one node records.
   */
  static final int IO_QUEUE_BOUND = 4096;

  /** One channel's recording as {@code /edge/storage} and the API show it. */
  public record ChannelState(ChannelRef channel, String state, String reason, long segments, long droppedBytes) {}

  private final Vertx vertx;
  private final StreamHub hub;
  private final SegmentStore store;
  private final RecorderOptions options;
  private final ReaderLimits limits;
  private final Clock clock;
  private final ExecutorService ioPool;
  private final Retention retention;
  private final Map<ChannelRef, ChannelRecorder> recorders = new ConcurrentHashMap<>();
  private final AtomicBoolean retentionRunning = new AtomicBoolean();
  private final List<Consumer<SegmentRecord>> committedListeners = new CopyOnWriteArrayList<>();
  private final long retentionTimer;

  private RecordingService(Vertx vertx, StreamHub hub, SegmentStore store, RecorderOptions options,
      ReaderLimits limits, Clock clock, ExecutorService ioPool, PinnedSegments pinned) {
    this.vertx = vertx;
    this.hub = hub;
    this.store = store;
    this.options = options;
    this.limits = limits;
    this.clock = clock;
    this.ioPool = ioPool;
    Path root = store.files().root();
    this.retention = new Retention(store, new RetentionPolicy(options.quotaBytes(), options.minFreeBytes(),
        options.maxAgeMillis(), options.channelMaxAgeMillis()), pinned, () -> usableSpace(root), clock);
    this.retentionTimer = vertx.setPeriodic(options.retentionIntervalMs(), id -> runRetention());
  }

  /**
   * Opens the store under {@code dataDir}, reconciles it with the disk, and resumes every channel
   * that was recording or is configured to.
   */
  public static Future<RecordingService> start(Vertx vertx, StreamHub hub, Path dataDir, RecorderOptions options,
      ReaderLimits limits, Clock clock, PinnedSegments pinned) {
    ExecutorService ioPool = ioPool(options.ioThreads());
    return vertx.executeBlocking(() -> {
      SegmentStore store = SegmentStore.open(dataDir, options.videoGapMs());
      try {
        Files.createDirectories(store.files().root());
        store.reconcile();
      } catch (Exception e) {
        store.close();
        throw e;
      }
      return store;
    }, false).map(store -> new RecordingService(vertx, hub, store, options, limits, clock, ioPool, pinned))
        .onFailure(err -> ioPool.shutdown())
        .compose(service -> {
          Set<ChannelRef> resume = new LinkedHashSet<>(service.store.index().recordingChannels());
          resume.addAll(options.alwaysRecording());
          for (ChannelRef c : resume) {
            try {
              service.attach(c);
            } catch (RuntimeException e) {
              LOG.error("cannot resume recording {}: {}", c, e.getMessage());
            }
          }
          LOG.info("recorder ready at {}: {} channels recording", dataDir, resume.size());
          return Future.succeededFuture(service);
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

  private static long usableSpace(Path root) {
    try {
      return Files.getFileStore(root).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public SegmentStore store() {
    return store;
  }

  public Retention retention() {
    return retention;
  }

  /** Runs {@code work} on a worker: every index and file call of the routes goes through here. */
  public <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  /** record_video action=1: persists the choice, then starts the channel's recorder (if not already). */
  public Future<Void> start(ChannelRef channel) {
    return blocking(() -> {
      store.index().setRecording(channel, true);
      return null;
    }).map(v -> {
      attach(channel);
      return null;
    });
  }

  /** record_video action=0: stops and forgets; completes once the last segment is indexed. */
  public Future<Void> stop(ChannelRef channel) {
    return blocking(() -> {
      store.index().setRecording(channel, false);
      return null;
    }).compose(v -> {
      ChannelRecorder r = recorders.remove(channel);
      return r == null ? Future.<Void>succeededFuture() : r.stop();
    });
  }

  private void attach(ChannelRef channel) {
    recorders.compute(channel, (k, current) -> {
      if (current != null && current.state() == ChannelRecorder.State.RECORDING) {
        return current;
      }
      LOG.info("recording {}", channel);
      return new ChannelRecorder(vertx, hub, store, ioPool, options, limits, clock, channel, this::committed);
    });
  }

  /** On the writer: a full volume triggers retention at once rather than at the next period. */
  private void committed(SegmentRecord segment) {
    committedListeners.forEach(l -> l.accept(segment));
    if (retention.underFreeSpace()) {
      vertx.runOnContext(v -> runRetention());
    }
  }

  /** {@code listener} hears of every segment committed, on the writer thread: it must not block (issue 7 uploads). */
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
    ChannelRecorder r = recorders.get(channel);
    return r != null && r.state() == ChannelRecorder.State.RECORDING;
  }

  public List<ChannelState> states() {
    List<ChannelState> out = new ArrayList<>();
    recorders.values().forEach(r -> out.add(new ChannelState(r.channel(), r.state().name().toLowerCase(), r.reason(),
        r.segments(), r.droppedBytes())));
    return out;
  }

  /** Stops every recorder (keeping the persisted choice, so they resume), then closes the index. */
  public Future<Void> close() {
    vertx.cancelTimer(retentionTimer);
    List<Future<Void>> stops = new ArrayList<>();
    recorders.values().forEach(r -> stops.add(r.stop()));
    recorders.clear();
    return Future.join(stops).otherwiseEmpty().compose(v -> blocking(() -> {
      ioPool.shutdown();
      ioPool.awaitTermination(10, TimeUnit.SECONDS);
      store.close();
      return null;
    })).mapEmpty();
  }
}
