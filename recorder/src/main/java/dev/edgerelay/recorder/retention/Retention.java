package dev.edgerelay.recorder.retention;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.RecordingIndex;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.SegmentStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recordings past the node's limits: whole segments, oldest first, across
 * channels. Only indexed segments are candidates, so the segment being written (a {@code .part}) is
 * never touched; videos shrink with their segments ({@link RecordingIndex#removeSegment}). Blocking:
 * run on a worker.
 */
public final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  /** Segments read from the index per channel at a time while looking for the oldest. */
  static final int BATCH = 256;

  /** What one run deleted. */
  public record Report(int deletedSegments, long deletedBytes, int lostPinned) {}

  private final SegmentStore store;
  private final RetentionPolicy policy;
  private final PinnedSegments pinned;
  private final LongSupplier freeBytes;
  private final Clock clock;
  private final AtomicLong lostPinnedTotal = new AtomicLong();
  private final AtomicLong deletedSegmentsTotal = new AtomicLong();
  private final AtomicLong deletedBytesTotal = new AtomicLong();

  /** @param freeBytes usable bytes left on the recordings volume */
  public Retention(SegmentStore store, RetentionPolicy policy, PinnedSegments pinned, LongSupplier freeBytes,
      Clock clock) {
    this.store = store;
    this.policy = policy;
    this.pinned = pinned;
    this.freeBytes = freeBytes;
    this.clock = clock;
  }

  public RetentionPolicy policy() {
    return policy;
  }

  /** Segments deleted while still waiting for upload, since the node started. */
  public long lostPinnedTotal() {
    return lostPinnedTotal.get();
  }

  /** Segments retention deleted (age, quota, free space) since the node started; deletions by API are not counted. */
  public long deletedSegmentsTotal() {
    return deletedSegmentsTotal.get();
  }

  /** Bytes of the segments counted by {@link #deletedSegmentsTotal()}. */
  public long deletedBytesTotal() {
    return deletedBytesTotal.get();
  }

  /** True when the volume is under its free-space floor: the caller runs retention at once. */
  public boolean underFreeSpace() {
    return policy.minFreeBytes() > 0 && freeBytes.getAsLong() < policy.minFreeBytes();
  }

  public synchronized Report run() throws IOException, RocksDBException {
    Tally tally = new Tally();
    long now = clock.millis();
    for (ChannelRef channel : store.index().segments().channels()) {
      long maxAge = policy.maxAgeMillis(channel);
      if (maxAge > 0) {
        expire(channel, now - maxAge, tally);
      }
    }
    long used = store.index().videos().usedBytes();
    long free = freeBytes.getAsLong();
    Map<ChannelRef, Cursor> cursors = new HashMap<>();
    store.index().segments().channels().forEach(c -> cursors.put(c, new Cursor(c)));
    while (overQuota(used) || underFloor(free)) {
      boolean diskWouldFill = underFloor(free);
      SegmentRecord victim = oldest(cursors, false);
      if (victim == null && diskWouldFill) {
        victim = oldest(cursors, true);
        if (victim != null) {
          tally.lostPinned++;
          lostPinnedTotal.incrementAndGet();
          LOG.warn("disk under {} bytes free: deleted {} of {} before it was uploaded", policy.minFreeBytes(),
              victim.startMillis(), victim.channel());
        }
      }
      if (victim == null) {
        break; // nothing left that may go: pinned segments stay while the disk is not about to fill
      }
      delete(victim, tally);
      cursors.get(victim.channel()).consume(victim);
      used -= victim.sizeBytes();
      free += victim.sizeBytes();
    }
    Report report = new Report(tally.segments, tally.bytes, tally.lostPinned);
    if (report.deletedSegments() > 0) {
      LOG.info("retention deleted {} segments ({} bytes); {} were waiting for upload", report.deletedSegments(),
          report.deletedBytes(), report.lostPinned());
    }
    return report;
  }

  private boolean overQuota(long used) {
    return policy.quotaBytes() > 0 && used > policy.quotaBytes();
  }

  private boolean underFloor(long free) {
    return policy.minFreeBytes() > 0 && free < policy.minFreeBytes();
  }

  private void expire(ChannelRef channel, long endedBefore, Tally tally) throws IOException, RocksDBException {
    while (true) {
      List<SegmentRecord> batch = store.index().segments().from(channel, 0, BATCH);
      boolean progressed = false;
      for (SegmentRecord s : batch) {
        if (s.endMillis() >= endedBefore) {
          return;
        }
        if (!pinned.isPinned(s)) {
          delete(s, tally);
          progressed = true;
        }
      }
      if (!progressed) {
        return;
      }
    }
  }

  private void delete(SegmentRecord s, Tally tally) throws IOException, RocksDBException {
    store.delete(s);
    tally.segments++;
    tally.bytes += s.sizeBytes();
    deletedSegmentsTotal.incrementAndGet(); // here, not per run: a run that fails halfway still counts its deletions
    deletedBytesTotal.addAndGet(s.sizeBytes());
  }

  /** The oldest candidate across channels: unpinned ones, or with {@code includePinned} any. */
  private SegmentRecord oldest(Map<ChannelRef, Cursor> cursors, boolean includePinned) {
    SegmentRecord best = null;
    for (Cursor c : cursors.values()) {
      SegmentRecord s = c.first(includePinned);
      if (s != null && (best == null || s.startMillis() < best.startMillis())) {
        best = s;
      }
    }
    return best;
  }

  private static final class Tally {
    int segments;
    long bytes;
    int lostPinned;
  }

  /** A channel's segments in time order, read from the index a batch at a time. */
  private final class Cursor {
    final ChannelRef channel;
    final ArrayDeque<SegmentRecord> buffered = new ArrayDeque<>();
    long nextFrom;
    boolean exhausted;

    Cursor(ChannelRef channel) {
      this.channel = channel;
    }

    /** The oldest candidate, reading further batches past pinned segments as needed. */
    SegmentRecord first(boolean includePinned) {
      while (true) {
        for (SegmentRecord s : buffered) {
          if (includePinned || !pinned.isPinned(s)) {
            return s;
          }
        }
        if (exhausted) {
          return null;
        }
        List<SegmentRecord> batch = store.index().segments().from(channel, nextFrom, BATCH);
        buffered.addAll(batch);
        exhausted = batch.size() < BATCH;
        if (!batch.isEmpty()) {
          nextFrom = batch.get(batch.size() - 1).startMillis() + 1;
        }
      }
    }

    void consume(SegmentRecord s) {
      buffered.remove(s);
    }
  }
}
