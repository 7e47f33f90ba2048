package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The {@code segments} family: one entry per finished segment file, keyed by {@link SegmentKeys}, valued by
 * {@link SegmentRecord}. Reads here; writes go through {@link RecordingIndex}, which keeps each segment's video
 * in the same batch. Blocking (RocksDB): call from a worker. Iterators close before the call that made them returns.
 */
public final class SegmentTable {
  private final RocksDB db;
  private final ColumnFamilyHandle family;

  SegmentTable(RocksDB db, ColumnFamilyHandle family) {
    this.db = db;
    this.family = family;
  }

  void put(WriteBatch batch, SegmentRecord s) throws RocksDBException {
    batch.put(family, s.key(), s.value());
  }

  void delete(WriteBatch batch, SegmentRecord s) throws RocksDBException {
    batch.delete(family, s.key());
  }

  public Optional<SegmentRecord> get(ChannelRef channel, long startMillis) throws RocksDBException {
    byte[] key = SegmentKeys.key(channel, startMillis);
    byte[] value = db.get(family, key);
    return value == null ? Optional.empty() : Optional.of(SegmentRecord.decode(key, value));
  }

  /** The segment of {@code channel} that starts last before {@code beforeMillis}, if any. */
  public Optional<SegmentRecord> lastBefore(ChannelRef channel, long beforeMillis) {
    try (RocksIterator it = db.newIterator(family)) {
      it.seekForPrev(SegmentKeys.key(channel, Math.max(0, beforeMillis - 1)));
      if (it.isValid() && SegmentKeys.channel(channel).contains(it.key())) {
        return Optional.of(SegmentRecord.decode(it.key(), it.value()));
      }
      return Optional.empty();
    }
  }

  public Optional<SegmentRecord> first(ChannelRef channel) {
    try (RocksIterator it = db.newIterator(family)) {
      it.seek(SegmentKeys.prefix(channel));
      if (it.isValid() && SegmentKeys.channel(channel).contains(it.key())) {
        return Optional.of(SegmentRecord.decode(it.key(), it.value()));
      }
      return Optional.empty();
    }
  }

  public Optional<SegmentRecord> last(ChannelRef channel) {
    return lastBefore(channel, Long.MAX_VALUE);
  }

  /** Segments of {@code channel} overlapping {@code [fromMillis, toMillis)}, in time order. */
  public List<SegmentRecord> overlapping(ChannelRef channel, long fromMillis, long toMillis) {
    return SegmentRangeScan.overlapping(db, family, channel, fromMillis, toMillis);
  }

  /** At most {@code limit} segments of {@code channel} starting at or after {@code fromMillis}, in time order. */
  public List<SegmentRecord> from(ChannelRef channel, long fromMillis, int limit) {
    List<SegmentRecord> out = new ArrayList<>(Math.min(limit, 1024));
    KeyRange range = SegmentKeys.channel(channel);
    try (RocksIterator it = db.newIterator(family)) {
      for (it.seek(SegmentKeys.key(channel, Math.max(0, fromMillis))); it.isValid() && range.contains(it.key())
          && out.size() < limit; it.next()) {
        out.add(SegmentRecord.decode(channel, it.key(), it.value()));
      }
    }
    return out;
  }

  /** Calls {@code each} for every segment of every channel, in key order. */
  public void forEach(Consumer<SegmentRecord> each) {
    try (RocksIterator it = db.newIterator(family)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        each.accept(SegmentRecord.decode(it.key(), it.value()));
      }
    }
  }

  /** Channels that have at least one segment, found by skipping from one channel's range to the next. */
  public List<ChannelRef> channels() {
    List<ChannelRef> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(family)) {
      it.seekToFirst();
      while (it.isValid()) {
        ChannelRef c = SegmentKeys.channel(it.key());
        out.add(c);
        byte[] next = SegmentKeys.channel(c).to();
        if (next == null) {
          break;
        }
        it.seek(next);
      }
    }
    return out;
  }

  /** The next (or previous) segment of the same video, beside {@code s}. */
  Optional<SegmentRecord> neighbour(SegmentRecord s, boolean next) {
    KeyRange channel = SegmentKeys.channel(s.channel());
    try (RocksIterator it = db.newIterator(family)) {
      it.seek(s.key());
      if (it.isValid() && Arrays.equals(it.key(), s.key())) {
        if (next) {
          it.next();
        } else {
          it.prev();
        }
      } else if (!next) {
        it.prev();
      }
      if (it.isValid() && channel.contains(it.key())) {
        SegmentRecord r = SegmentRecord.decode(it.key(), it.value());
        return r.videoId() == s.videoId() ? Optional.of(r) : Optional.empty();
      }
      return Optional.empty();
    }
  }
}
