package dev.edgerelay.relay.hls;

import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.media.ts.PartListener;
import dev.edgerelay.relay.hub.HubOptions;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamSource;
import dev.edgerelay.relay.hub.ReaderContexts;
import dev.edgerelay.media.stream.ReaderLimits;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Live HLS for every channel: one {@link HlsLiveMuxer} per running stream, created by the first
 * request. A playlist request on a cold channel starts the source and is answered as soon as the
 * first segment is complete, within {@link HlsOptions#firstSegmentWaitMillis()} (no 404 the
 * player gives up on).
 *
 * <p>An ended stream's last window stays served, with EXT-X-ENDLIST, for its listed duration plus
 * {@link HlsOptions#endedGraceMillis()} (RFC 8216 6.2.2), without starting the channel again; then its
 * memory is freed. A stream that comes back within that time (the camera publishes again, a recorder
 * pulls it again) continues the same playlist after an EXT-X-DISCONTINUITY.
 *
 * <p>A recorded channel's recorder takes its parts from the same muxer ({@link #attachParts}): one TS mux per
 * channel, for the live window and the recording both.
 *
 * <p>Each muxer runs on its source's event-loop context when the source keeps one (a pull session), so units
 * reach it without a thread hop, else on a context of the next event loop in turn ({@link ReaderContexts}); the
 * pull sessions take the event loops in turn too, so the channels' muxing spreads over all of them. A waiter is
 * answered on its request's context.
 */
public final class HlsService {
  private final Vertx vertx;
  private final StreamHub hub;
  private final HlsOptions options;
  private final ReaderLimits readerLimits;
  private final LiveSpool spool;
  private final ConcurrentHashMap<StreamKey, Entry> entries = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A muxer and the requests waiting for its first segment. */
  private static final class Entry {
    HlsLiveMuxer muxer;
    /** Where the muxer runs: its reader's tasks and its part listeners. */
    Context context;
    /** Frees the ended window after its grace; cancelled when a continuing muxer takes the window over. */
    long releaseTimer = -1;
    /** Until when the viewers' requests keep the channel running: an end before it is not an idle stop. */
    volatile long watchedUntilMillis;
    /** A continuing muxer owns the window now (set under the map's lock of the key). */
    boolean takenOver;

    void watched(long idleMillis) {
      long until = System.currentTimeMillis() + Math.min(idleMillis, HubOptions.MAX_IDLE_TIMEOUT_MILLIS);
      if (until > watchedUntilMillis) {
        watchedUntilMillis = until;
      }
    }
    final List<Waiter> waiters = new ArrayList<>();
  }

  private record Waiter(Context context, Promise<PlaylistText> promise, long timer) {}

  /** @param spool where the muxers write their segments */
  public HlsService(Vertx vertx, StreamHub hub, HlsOptions options, ReaderLimits readerLimits, LiveSpool spool) {
    this.vertx = vertx;
    this.hub = hub;
    this.options = options.validate();
    this.readerLimits = readerLimits;
    this.spool = spool;
  }

  public HlsOptions options() {
    return options;
  }

  /**
   * Keeps the channel alive for {@code idleMillis} and answers its playlist, waiting for the first
   * segment of a cold channel. Fails with {@link TimeoutException} when none comes in time.
   */
  public Future<PlaylistText> playlist(StreamKey key, long idleMillis) {
    PlaylistText endedText = endedWithoutSuccessor(key);
    if (endedText != null) {
      return Future.succeededFuture(endedText);
    }
    Entry entry = ensure(key, idleMillis);
    synchronized (entry) {
      PlaylistText ready = entry.muxer.playlistText();
      if (ready != null) {
        return Future.succeededFuture(ready);
      }
      Context context = vertx.getOrCreateContext();
      Promise<PlaylistText> promise = Promise.promise();
      long timer = vertx.setTimer(options.firstSegmentWaitMillis(), id -> {
        synchronized (entry) {
          entry.waiters.removeIf(w -> w.promise == promise);
        }
        promise.tryFail(new TimeoutException("no segment of " + key + " within " + options.firstSegmentWaitMillis()
            + " ms: the camera sends nothing playable yet"));
      });
      entry.waiters.add(new Waiter(context, promise, timer));
      return promise.future();
    }
  }

  /** Starts the channel and its muxer without waiting (spec 4.2 preload). */
  public void preload(StreamKey key, long idleMillis) {
    if (endedWithoutSuccessor(key) == null) {
      ensure(key, idleMillis);
    }
  }

  /**
   * The ended playlist of {@code key} while its window is kept and no new stream of the channel runs:
   * players stop at EXT-X-ENDLIST, and answering it must not start the channel again. Null otherwise.
   */
  private PlaylistText endedWithoutSuccessor(StreamKey key) {
    Entry entry = entries.get(key);
    if (entry == null || !entry.muxer.ended() || hub.find(key) != null) {
      return null;
    }
    return entry.muxer.playlistText();
  }

  /** A segment of the channel's current muxer, or null; keeps the channel alive. */
  public LiveSegment segment(StreamKey key, String name, long idleMillis) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (!entry.muxer.ended()) { // an ended window is served as it is, without starting the channel again
      hub.keepAlive(key, idleMillis);
      entry.watched(idleMillis);
    }
    return entry.muxer.segment(name);
  }

  /**
   * Has {@code listener} take the parts of {@code stream}'s live muxer (the recorder: docs/architecture.md,
   * "Recording"), making the muxer as a preload does when none runs; the caller keeps the stream running (a
   * lease). The listener hears parts from the next one's start on, on the muxer's context. Throws when
   * {@code stream} has ended already.
   */
  public LiveParts attachParts(StreamKey key, Stream stream, PartListener listener) {
    if (stream.ended()) { // a muxer of it would replace the entry of the channel's newer stream
      throw new IllegalStateException("the stream of " + key + " has ended");
    }
    Entry entry = ensure(key, stream, -1);
    return new LiveParts(entry.context, entry.muxer, listener);
  }

  /** The muxer serving {@code key}, or null when the channel is not being muxed. */
  public HlsLiveMuxer muxer(StreamKey key) {
    Entry entry = entries.get(key);
    return entry == null ? null : entry.muxer;
  }

  private Entry ensure(StreamKey key, long idleMillis) {
    Entry ensured = ensure(key, hub.keepAlive(key, idleMillis), idleMillis);
    ensured.watched(idleMillis);
    return ensured;
  }

  /** The entry muxing {@code stream}, made when none is; {@code idleMillis} negative: no viewer asked. */
  private Entry ensure(StreamKey key, Stream stream, long idleMillis) {
    return entries.compute(key, (k, current) -> {
      if (current != null && !current.muxer.ended() && current.muxer.stream() == stream) {
        return current;
      }
      Entry entry = new Entry();
      // the source's own event loop when it has one (units reach the muxer without a thread hop), else the next one:
      // either way channels spread over the event loops, not onto the requester's
      StreamSource source = hub.source(k);
      Context context = source != null && source.context() != null ? source.context() : ReaderContexts.next(vertx);
      entry.context = context;
      if (current != null && current.muxer.ended()) {
        vertx.cancelTimer(current.releaseTimer); // the window is taken over, not freed
        current.takenOver = true;
        entry.muxer = HlsLiveMuxer.continuing(current.muxer, stream, muxer -> firstSegment(entry),
            muxer -> ended(k, entry));
      } else {
        entry.muxer = new HlsLiveMuxer(stream, options, PooledByteBufAllocator.DEFAULT, spool,
            muxer -> firstSegment(entry), muxer -> ended(k, entry));
      }
      if (idleMillis >= 0) {
        entry.watched(idleMillis); // before the reader: a stream that ended already reports at once
      }
      stream.addReader("hls", readerLimits, task -> context.runOnContext(v -> task.run()), entry.muxer);
      if (current != null) {
        failWaiters(current, "the channel restarted");
      }
      return entry;
    });
  }

  /** The entry's stream ended: its last window stays served for the grace, or the entry goes now. */
  private void ended(StreamKey key, Entry entry) {
    if (entry.muxer.playlistText() == null) {
      entries.remove(key, entry);
      failWaiters(entry, "the channel stopped before its first segment");
      return;
    }
    firstSegment(entry); // waiters of a continuation that made nothing get the ended playlist
    // the node stops, or the hub stopped an idle channel: no viewer is there to read the end, and the next
    // one must start the channel rather than find it ended
    boolean keep = !closed && System.currentTimeMillis() < entry.watchedUntilMillis;
    long keepMillis = entry.muxer.listedMillis() + options.endedGraceMillis();
    boolean[] release = new boolean[1];
    entries.compute(key, (k, current) -> {
      if (current != entry) {
        release[0] = !entry.takenOver; // replaced by a muxer of a newer stream: nobody lists this window
        return current;
      }
      if (!keep) {
        release[0] = true;
        return null;
      }
      entry.releaseTimer = vertx.setTimer(Math.max(1, keepMillis), id -> releaseEnded(key, entry));
      return current;
    });
    if (release[0]) {
      entry.muxer.releaseEnded();
    }
  }

  /**
   * Frees the ended windows at node stop, after the hub ended the streams; a muxer whose end is still on
   * its way frees its window when it arrives.
   */
  public void close() {
    closed = true;
    entries.forEach((key, entry) -> {
      if (entry.muxer.ended()) {
        vertx.cancelTimer(entry.releaseTimer);
        releaseEnded(key, entry);
      }
    });
  }

  /** Live segments dropped since start because the spool's disk fell behind or refused a write. */
  public long lostSegments() {
    return spool.lostSegments();
  }

  /** Frees an ended window after its grace, unless a continuing muxer took it over in the meantime. */
  private void releaseEnded(StreamKey key, Entry entry) {
    if (entries.remove(key, entry)) {
      entry.muxer.releaseEnded();
    }
  }

  private void firstSegment(Entry entry) {
    List<Waiter> waiting;
    synchronized (entry) {
      waiting = new ArrayList<>(entry.waiters);
      entry.waiters.clear();
    }
    PlaylistText playlist = entry.muxer.playlistText();
    for (Waiter w : waiting) {
      vertx.cancelTimer(w.timer);
      w.context.runOnContext(v -> w.promise.tryComplete(playlist));
    }
  }

  private void failWaiters(Entry entry, String why) {
    List<Waiter> waiting;
    synchronized (entry) {
      waiting = new ArrayList<>(entry.waiters);
      entry.waiters.clear();
    }
    for (Waiter w : waiting) {
      vertx.cancelTimer(w.timer);
      w.promise.tryFail(why);
    }
  }
}
