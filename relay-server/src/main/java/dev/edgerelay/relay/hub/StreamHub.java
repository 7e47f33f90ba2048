package dev.edgerelay.relay.hub;

import dev.edgerelay.media.stream.Stream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every live {@link Stream} of the node, one per device-channel, each with exactly one source however
 * many viewers arrive at once (one pull per channel per node). Streams start on demand and
 * stop once nobody holds a {@link StreamLease} and their keep-alive deadline (an HLS request, a
 * preload's {@code idle_time}, spec 4.2) has passed.
 */
public final class StreamHub {
  private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

  private final Vertx vertx;
  private final HubOptions options;
  private final StreamSource.Factory sources;
  private final Clock clock;
  private final ConcurrentHashMap<StreamKey, Entry> entries = new ConcurrentHashMap<>();
  private final long sweepTimer;
  private volatile SourceListener sourceListener = (key, now) -> {};
  private final List<StreamWatcher> watchers = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** Told when a running stream's source changes after the factory made it: replaced, or stopped (null). */
  @FunctionalInterface
  public interface SourceListener {
    void sourceChanged(StreamKey key, StreamSource now);
  }

  /**
   * Told when the hub makes a channel's stream and once it has ended it, so counts can be kept across a channel's
   * successive streams (metrics). Both run on the caller's thread and must not block or call back into the hub.
   */
  public interface StreamWatcher {
    void started(StreamKey key, Stream stream);

    /** {@code stream} ended: its counters no longer change. */
    void ended(StreamKey key, Stream stream);
  }

  private final class Entry {
    final StreamKey key;
    final Stream stream;
    /** Replaced only by {@link #replaceSource}; read from any thread. */
    volatile StreamSource source;
    final AtomicBoolean started = new AtomicBoolean();
    final AtomicInteger leases = new AtomicInteger();
    volatile long keepUntilMillis;

    Entry(StreamKey key, long keepMillis) {
      this.key = key;
      // set before the entry is visible, so a sweep cannot find it with no deadline
      this.keepUntilMillis = clock.millis() + keepMillis;
      // a reader leaving restarts the idle clock; it never (re)starts a stream
      this.stream = new Stream(key.rtmpName(), options.gopLimits(), s -> extend(this, options.idleTimeoutMillis()));
      this.source = sources.create(key);
    }
  }

  public StreamHub(Vertx vertx, HubOptions options, StreamSource.Factory sources, Clock clock) {
    this.vertx = vertx;
    this.options = options.validate();
    this.sources = sources;
    this.clock = clock;
    this.sweepTimer = vertx.setPeriodic(options.sweepIntervalMillis(), id -> sweep());
  }

  /** Adds {@code watcher}, told at once of every stream running now, then of every stream made and ended. */
  public void watchStreams(StreamWatcher watcher) {
    watchers.add(watcher);
    entries.forEach((key, entry) -> watcher.started(key, entry.stream));
  }

  /** Sets the one listener of source changes (the live path across nodes keeps its claims with it). */
  public void onSourceChange(SourceListener listener) {
    this.sourceListener = listener;
  }

  /**
   * The running stream of {@code key}, starting its source when there is none, and keeping it for at
   * least the default idle time.
   *
   * @throws HubFullException when {@link HubOptions#maxStreams()} streams already run
   */
  public Stream open(StreamKey key) {
    return open(key, options.idleTimeoutMillis()).stream;
  }

  private Entry open(StreamKey key, long keepMillis) {
    if (closed) {
      throw new IllegalStateException("the stream hub is closed");
    }
    Entry entry = entries.computeIfAbsent(key, k -> {
      if (entries.size() >= options.maxStreams()) {
        throw new HubFullException(options.maxStreams());
      }
      Entry made = new Entry(k, keepMillis);
      watchers.forEach(w -> w.started(k, made.stream));
      return made;
    });
    extend(entry, keepMillis);
    if (entry.started.compareAndSet(false, true)) {
      LOG.info("starting {} from {}", key, entry.source.describe());
      entry.source.start(entry.stream);
    }
    return entry;
  }

  /** Keeps {@code key} running for {@code idleMillis} from now (an HLS request, a preload); starts it if needed. */
  public Stream keepAlive(StreamKey key, long idleMillis) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return open(key, idleMillis).stream;
    }
    extend(entry, idleMillis);
    return entry.stream;
  }

  private void extend(Entry entry, long idleMillis) {
    long until = clock.millis() + Math.min(idleMillis, HubOptions.MAX_IDLE_TIMEOUT_MILLIS);
    if (until > entry.keepUntilMillis) {
      entry.keepUntilMillis = until;
    }
  }

  /** Holds {@code key} running until the lease is closed. */
  public StreamLease lease(StreamKey key) {
    Entry entry = open(key, options.idleTimeoutMillis());
    entry.leases.incrementAndGet();
    AtomicBoolean released = new AtomicBoolean();
    return new StreamLease() {
      @Override
      public Stream stream() {
        return entry.stream;
      }

      @Override
      public void close() {
        if (released.compareAndSet(false, true)) {
          entry.leases.decrementAndGet();
          extend(entry, options.idleTimeoutMillis());
        }
      }
    };
  }

  /** Whether {@link #open} of {@code key} would find or make a stream rather than refuse it. */
  public boolean hasRoomFor(StreamKey key) {
    return entries.containsKey(key) || entries.size() < options.maxStreams();
  }

  /** The message {@link HubFullException} carries, for a refusal made before trying. */
  public String fullMessage() {
    return new HubFullException(options.maxStreams()).getMessage();
  }

  /** The running stream of {@code key}, or null: never starts anything. */
  public Stream find(StreamKey key) {
    Entry entry = entries.get(key);
    return entry == null ? null : entry.stream;
  }

  public Collection<Stream> streams() {
    List<Stream> all = new ArrayList<>();
    entries.values().forEach(e -> all.add(e.stream));
    return all;
  }

  /** The source feeding {@code key}, or null when it is not running. */
  public StreamSource source(StreamKey key) {
    Entry entry = entries.get(key);
    return entry == null ? null : entry.source;
  }

  /**
   * Feeds the running stream of {@code key} from {@code next} from now on (a LAN camera taking over a channel
   * that was pulled from the platform; a pull becoming a relay from another node or back when the channel's
   * origin moves): the old source stops first, so the two never publish at once, then
   * readers hear of a source restart (a discontinuity in HLS and recordings) and {@code next} starts. The
   * stream, its readers and its leases stay. False when {@code key} is not running.
   */
  public boolean replaceSource(StreamKey key, StreamSource next) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return false;
    }
    StreamSource previous;
    synchronized (entry) {
      previous = entry.source;
      entry.source = next;
    }
    LOG.info("{}: {} takes over from {}", key, next.describe(), previous.describe());
    sourceListener.sourceChanged(key, next);
    previous.stop().otherwiseEmpty().onComplete(ar -> {
      if (entries.get(key) != entry || entry.source != next) {
        next.stop(); // stopped or replaced again meanwhile: next never feeds it, and whoever waits on it hears so
        return;
      }
      entry.stream.sourceRestarted();
      entry.started.set(true);
      next.start(entry.stream);
    });
    return true;
  }

  /** The description of the source feeding {@code key}, or null when it is not running. */
  public String describeSource(StreamKey key) {
    Entry entry = entries.get(key);
    return entry == null ? null : entry.source.describe();
  }

  private void sweep() {
    long now = clock.millis();
    entries.forEach((key, entry) -> {
      if (entry.leases.get() == 0 && now > entry.keepUntilMillis && entries.remove(key, entry)) {
        LOG.info("closing idle {} after {} units", key, entry.stream.unitsIn());
        stop(entry);
      }
    });
  }

  /** Stops {@code key} at once, whoever holds it (its source is gone for good: a LAN camera unpublished). */
  public Future<Void> stopNow(StreamKey key) {
    Entry entry = entries.get(key);
    if (entry == null || !entries.remove(key, entry)) {
      return Future.succeededFuture();
    }
    LOG.info("stopping {} after {} units: its source ended", key, entry.stream.unitsIn());
    return stop(entry);
  }

  private Future<Void> stop(Entry entry) {
    sourceListener.sourceChanged(entry.key, null);
    return entry.source.stop()
        .otherwiseEmpty()
        .onComplete(ar -> {
          entry.stream.end();
          watchers.forEach(w -> w.ended(entry.key, entry.stream));
        });
  }

  /** Stops every source and ends every stream. */
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(sweepTimer);
    List<Future<Void>> stops = new ArrayList<>();
    entries.forEach((key, entry) -> {
      if (entries.remove(key, entry)) {
        stops.add(stop(entry));
      }
    });
    return Future.join(stops).mapEmpty();
  }
}
