package dev.edgerelay.recorder.outbox;

import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.state.OutboxTable;
import dev.edgerelay.recorder.retention.PinnedSegments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent upload outbox: whatever the node promised to upload arrives, once, by name.
 * Items live in the node state's {@code outbox} family ({@link OutboxTable}), apart from the derived index;
 * every state change is written before it takes effect, and {@link OutboxState#IN_FLIGHT} before the bytes
 * leave, so after a crash an item whose outcome is unknown is looked up at the platform
 * ({@link Uploader#delivered}) before it is sent again.
 *
 * <p>One dispatcher thread owns the state, the RocksDB writes and the file reads (never an event loop);
 * oldest pending first, at most {@link OutboxOptions#maxConcurrent()} in flight, their bytes paced together
 * to {@link OutboxOptions#bytesPerSecond()} chunk by chunk ({@link UploadBody}). Retryable failures back off exponentially with jitter; permanent
 * ones are parked with their reason and the rest of the queue goes on.
 */
public final class UploadOutbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UploadOutbox.class);
  /** How long {@link #close()} waits for the dispatcher's current step. */
  private static final long CLOSE_WAIT_SECONDS = 10;

  private final OutboxTable table;
  private final Uploader uploader;
  private final OutboxOptions options;
  private final Clock clock;
  private final ScheduledExecutorService dispatcher;
  private final UploadPacer pacer;
  /** Pending, in-flight and parked items by sequence: oldest first. */
  private final TreeMap<Long, OutboxItem> live = new TreeMap<>();
  private final Deque<OutboxItem> done = new ArrayDeque<>();
  /** Sequence of the live or done item holding a target, so a second request for it is not a second upload. */
  private final Map<String, Long> byTarget = new HashMap<>();
  /** Local files of recordings not yet uploaded: retention keeps them (read from retention's thread). */
  private final Set<String> pinnedFiles = ConcurrentHashMap.newKeySet();
  private final RecentFailures failures = new RecentFailures();
  private long nextSequence;
  private int inFlight;
  private long refused;
  private ScheduledFuture<?> wake;
  private volatile boolean closed;

  private UploadOutbox(OutboxTable table, Uploader uploader, OutboxOptions options, Clock clock) {
    this.table = table;
    this.uploader = uploader;
    this.options = options;
    this.clock = clock;
    this.pacer = new UploadPacer(options.bytesPerSecond());
    this.dispatcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "upload-outbox");
      t.setDaemon(true);
      return t;
    });
  }

  /** Loads the outbox from {@code table} (blocking: call from a worker) and starts sending. */
  public static UploadOutbox open(OutboxTable table, Uploader uploader, OutboxOptions options, Clock clock) {
    UploadOutbox outbox = new UploadOutbox(table, uploader, options, clock);
    table.forEach((sequence, value) -> outbox.load(OutboxItem.decode(sequence, value)
        .recovered(options.unknownOutcomeGraceMillis())));
    LOG.info("upload outbox: {} items waiting or parked, {} done kept", outbox.live.size(), outbox.done.size());
    outbox.submit(outbox::pump);
    return outbox;
  }

  private void load(OutboxItem item) {
    nextSequence = Math.max(nextSequence, item.sequence() + 1);
    byTarget.put(targetKey(item.kind(), item.target()), item.sequence());
    if (item.state() == OutboxState.DONE) {
      done.addLast(item);
    } else {
      live.put(item.sequence(), item);
      pin(item);
    }
  }

  /**
   * Queues {@code file} for {@code target}. A target already queued or done is not queued twice: its item is
   * returned. Fails with {@link OutboxFullException} past {@link OutboxOptions#maxItems()}.
   */
  public CompletableFuture<OutboxItem> enqueue(UploadKind kind, Path file, UploadTarget target) {
    return call(() -> {
      Long existing = byTarget.get(targetKey(kind, target));
      OutboxItem known = existing == null ? null : find(existing);
      if (known != null && known.state() != OutboxState.PARKED) {
        return known;
      }
      if (live.size() >= options.maxItems()) {
        refused++;
        throw new OutboxFullException(options.maxItems());
      }
      long size = Files.size(file);
      OutboxItem item = OutboxItem.pending(nextSequence++, kind, file.toString(), size, target, clock.millis());
      persist(item);
      load(item);
      pump();
      return item;
    });
  }

  /** Figures for {@code GET /edge/outbox} and the metrics. */
  public CompletableFuture<OutboxStats> stats() {
    return call(() -> OutboxStats.of(live.values(), inFlight, done.size(), refused, failures.list(), clock.millis()));
  }

  /** Every item held, oldest first: live ones then the done ones kept. */
  public CompletableFuture<List<OutboxItem>> items() {
    return call(() -> {
      List<OutboxItem> out = new ArrayList<>(live.values());
      out.addAll(done);
      return out;
    });
  }

  /**
   * Sends parked items again, due now (an operator fixed the cause: a quota, a key, a fault at the platform):
   * the one with {@code sequence}, or every parked item when it is null. Fails with {@link NotParkedException}
   * when {@code sequence} names no parked item.
   */
  public CompletableFuture<List<OutboxItem>> retryParked(Long sequence) {
    return call(() -> {
      List<OutboxItem> retried = new ArrayList<>();
      for (OutboxItem item : parkedItems(sequence)) {
        OutboxItem again = item.unparked(clock.millis());
        if (update(again)) {
          pin(again);
          retried.add(again);
        }
      }
      pump();
      return retried;
    });
  }

  /**
   * Drops the parked item {@code sequence} for good: out of the outbox and its table, its file no longer kept
   * for upload (retention may take it). Fails with {@link NotParkedException} when it is not a parked item.
   */
  public CompletableFuture<OutboxItem> discardParked(long sequence) {
    return call(() -> {
      OutboxItem item = parkedItems(sequence).get(0);
      table.delete(sequence);
      live.remove(sequence);
      byTarget.remove(targetKey(item.kind(), item.target()), sequence);
      unpin(item);
      LOG.info("parked upload of {} discarded ({})", item.target().name(), item.lastError());
      return item;
    });
  }

  private List<OutboxItem> parkedItems(Long sequence) {
    if (sequence == null) {
      return live.values().stream().filter(i -> i.state() == OutboxState.PARKED).toList();
    }
    OutboxItem item = find(sequence);
    if (item == null || item.state() != OutboxState.PARKED) {
      throw new NotParkedException(sequence, item == null ? null : item.state());
    }
    return List.of(item);
  }

  /** Segments still to upload, for retention: {@code fileOf} maps a segment to its file. */
  public PinnedSegments pinned(Function<SegmentRecord, Path> fileOf) {
    return segment -> pinnedFiles.contains(fileOf.apply(segment).toString());
  }

  /** Takes the next eligible items, oldest first, while a slot is free; wakes again at the next due retry. */
  private void pump() {
    if (closed) {
      return;
    }
    long now = clock.millis();
    long nextDue = Long.MAX_VALUE;
    for (OutboxItem item : new ArrayList<>(live.values())) {
      if (inFlight >= options.maxConcurrent()) {
        return; // a completion pumps again
      }
      if (item.state() != OutboxState.PENDING) {
        continue;
      }
      if (item.nextAttemptMillis() <= now) {
        start(item);
      } else {
        nextDue = Math.min(nextDue, item.nextAttemptMillis());
      }
    }
    boolean sooner = wake == null || wake.isDone() || wake.getDelay(TimeUnit.MILLISECONDS) > nextDue - now;
    if (nextDue != Long.MAX_VALUE && sooner) {
      if (wake != null) {
        wake.cancel(false);
      }
      wake = dispatcher.schedule(this::pump, nextDue - now, TimeUnit.MILLISECONDS);
    }
  }

  private void start(OutboxItem item) {
    byte[] body;
    try {
      body = Files.readAllBytes(Path.of(item.localRef()));
    } catch (NoSuchFileException e) {
      // retention deleted a pinned segment because the disk was about to fill: a visible loss, not a silent one
      park(item, "local file gone before upload (deleted to keep the disk from filling): " + item.localRef());
      return;
    } catch (IOException e) {
      park(item, "cannot read " + item.localRef() + ": " + e.getMessage());
      return;
    }
    OutboxItem flying = item.inFlight(clock.millis());
    if (!update(flying)) {
      return;
    }
    inFlight++;
    CompletionStage<Boolean> already;
    try {
      already = item.outcomeUnknown() ? uploader.delivered(item, body.length) : CompletableFuture.completedFuture(false);
    } catch (RuntimeException e) { // a port that throws instead of failing its stage: retried like a lost answer
      already = CompletableFuture.failedFuture(e);
    }
    already.thenCompose(there -> there ? CompletableFuture.<Void>completedFuture(null) : paced(flying, body))
        .whenComplete((v, err) -> submit(() -> finished(flying, body.length, err)));
  }

  /** Sends {@code body} through the port, chunk by chunk at the pacer's rate ({@link UploadBody}). */
  private CompletionStage<Void> paced(OutboxItem item, byte[] body) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    try {
      uploader.send(item, new UploadBody(body, pacer, dispatcher, options.maxConcurrent())).whenComplete((v, err) -> complete(sent, err));
    } catch (RuntimeException e) { // the port cannot even build the request (bad target): retrying will not help
      sent.completeExceptionally(new UploadFailure(UploadFailure.Disposition.PARK, "cannot be sent: "
          + e.getMessage(), e));
    }
    return sent;
  }

  private static void complete(CompletableFuture<Void> f, Throwable err) {
    if (err == null) {
      f.complete(null);
    } else {
      f.completeExceptionally(err);
    }
  }

  /** On the dispatcher: records the attempt's outcome and takes the next item. */
  private void finished(OutboxItem item, long bytes, Throwable err) {
    inFlight--;
    long now = clock.millis();
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (cause == null) {
      succeeded(item, now);
    } else if (cause instanceof UploadFailure f && f.disposition() == UploadFailure.Disposition.PARK) {
      park(item, f.getMessage());
    } else if (cause instanceof UploadFailure f && f.disposition() == UploadFailure.Disposition.NAME_TAKEN) {
      // exactly once by name: the taken name is ours when it holds our bytes (an earlier attempt arrived)
      inFlight++;
      uploader.delivered(item, bytes).whenComplete((ours, e2) -> submit(() -> {
        inFlight--;
        if (e2 == null && Boolean.TRUE.equals(ours)) {
          succeeded(item, clock.millis());
        } else if (e2 == null) {
          park(item, "name taken by a different " + item.kind().name().toLowerCase(Locale.ROOT) + ": "
              + f.getMessage());
        } else {
          retry(item, true, "checking a taken name failed: " + e2.getMessage(), clock.millis());
        }
        pump();
      }));
      return;
    } else {
      boolean unknown = !(cause instanceof UploadFailure f) || f.disposition() == UploadFailure.Disposition.RETRY_UNKNOWN;
      retry(item, unknown, String.valueOf(cause.getMessage()), now);
    }
    pump();
  }

  private void succeeded(OutboxItem item, long now) {
    OutboxItem finished = item.done(now);
    if (!update(finished)) {
      return;
    }
    live.remove(item.sequence());
    unpin(item);
    done.addLast(finished);
    while (done.size() > options.keepDone()) {
      OutboxItem old = done.removeFirst();
      byTarget.remove(targetKey(old.kind(), old.target()), old.sequence());
      delete(old);
    }
  }

  /** Exponential backoff with jitter: half the doubled delay fixed, half random, so retries spread out. */
  private void retry(OutboxItem item, boolean unknown, String reason, long now) {
    long cap = options.backoffBaseMillis() << Math.min(30, Math.max(0, item.attempts() - 1));
    cap = Math.min(options.backoffMaxMillis(), Math.max(cap, options.backoffBaseMillis()));
    long delay = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    failures.add(item, reason, false, now);
    update(item.retryAt(now + delay, unknown, reason, now));
  }

  private void park(OutboxItem item, String reason) {
    long now = clock.millis();
    LOG.warn("upload of {} parked: {}", item.target().name(), reason);
    failures.add(item, reason, true, now);
    unpin(item);
    update(item.parked(reason, now));
  }

  /** Persists a new state of a live item; a write that fails leaves the item as it was and is logged. */
  private boolean update(OutboxItem item) {
    try {
      persist(item);
    } catch (RocksDBException e) {
      LOG.error("outbox write of item {} failed; it stays {}", item.sequence(), live.get(item.sequence()), e);
      return false;
    }
    if (item.state() != OutboxState.DONE) {
      live.put(item.sequence(), item);
    }
    return true;
  }

  private void persist(OutboxItem item) throws RocksDBException {
    table.put(item.sequence(), item.encode());
  }

  private void delete(OutboxItem item) {
    try {
      table.delete(item.sequence());
    } catch (RocksDBException e) {
      LOG.error("outbox delete of done item {} failed", item.sequence(), e);
    }
  }

  private OutboxItem find(long sequence) {
    OutboxItem item = live.get(sequence);
    if (item != null) {
      return item;
    }
    return done.stream().filter(d -> d.sequence() == sequence).findFirst().orElse(null);
  }

  private void pin(OutboxItem item) {
    if (item.kind() == UploadKind.RECORDING && item.state() != OutboxState.PARKED) {
      pinnedFiles.add(item.localRef());
    }
  }

  private void unpin(OutboxItem item) {
    pinnedFiles.remove(item.localRef());
  }

  private static String targetKey(UploadKind kind, UploadTarget t) {
    return kind + "\n" + t.deviceId() + "\n" + t.channelId() + "\n" + t.name();
  }

  /** Runs {@code work} on the dispatcher; fails at once when the outbox is closed. */
  private <T> CompletableFuture<T> call(Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      dispatcher.execute(() -> {
        try {
          result.complete(work.call());
        } catch (Exception e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("the upload outbox is closed", e));
    }
    return result;
  }

  private void submit(Runnable step) {
    try {
      dispatcher.execute(step);
    } catch (RejectedExecutionException e) {
      LOG.debug("outbox closed; a step was dropped (its item is recovered on the next start)");
    }
  }

  /**
   * Stops sending (blocking: call from a worker, before the node state closes). What was asked before the call
   * (a recorder's last segments queued while it stopped) is written first; items in flight stay in flight in the
   * table: the next start checks them at the platform before sending again.
   */
  @Override
  public void close() {
    if (dispatcher.isShutdown()) {
      return;
    }
    closed = true; // nothing new starts; the steps already queued still run
    try {
      call(() -> null).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS); // queued behind every step asked for before
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("upload outbox closing without the steps still queued: {}", e.toString());
    }
    dispatcher.shutdownNow();
    try {
      dispatcher.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
