package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.Matches;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * The read behind get_video_list (spec 6.2): a window of a channel's videos overlapping a time range, and their
 * count, without building every video of the channel (docs/architecture.md, "Cluster: VOD across nodes"). The
 * iterator is bounded natively to the channel's videos started by the range's end and seeks to the range's start;
 * it builds only the videos of the window. Past the window, with no name filter, a video is counted from its key
 * alone (when the range is open-ended) or from the start in its value; a name filter has to read each name.
 *
 * <p>Videos begun before the range are found walking back from its start until one ended before it: a channel's
 * sessions on one node follow one another (one recorder a channel), so their ends rise with their ids, as
 * {@link SegmentRangeScan} assumes of segments.
 *
 * <p>Native handles: the bounds outlive the options that point at them, and the options the iterator; all are
 * closed, in reverse order, before the scan returns.
 */
final class VideoRangeScan {
  /** Bytes read into the reused value array: the fixed fields and the longest name (UTF-8, 4 bytes a char). */
  private static final int VALUE_BYTES = VideoRecord.FIXED_BYTES + 4 * VideoRecord.MAX_NAME_LENGTH;

  private VideoRangeScan() {}

  /**
   * Matches {@code [offset, offset + limit)} of the videos of {@code channel} overlapping {@code [fromMillis,
   * toMillis]} whose name contains {@code nameContains} (every name when null), oldest first, and their total.
   */
  static Matches<VideoRecord> window(RocksDB db, ColumnFamilyHandle videos, ChannelRef channel, long fromMillis,
      long toMillis, String nameContains, long offset, long limit) {
    List<VideoRecord> items = new ArrayList<>((int) Math.min(limit, 1_024));
    long total = 0;
    KeyRange range = VideoKeys.startedBefore(channel, toMillis == Long.MAX_VALUE ? Long.MAX_VALUE : toMillis + 1);
    byte[] key = new byte[VideoKeys.SIZE];
    byte[] value = new byte[VALUE_BYTES];
    try (Slice lower = new Slice(range.from());
        Slice upper = new Slice(range.to());
        ReadOptions options = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(videos, options)) {
      ArrayDeque<VideoRecord> before = new ArrayDeque<>();
      if (fromMillis > 0) {
        for (it.seekForPrev(VideoKeys.key(channel, Math.min(fromMillis - 1, toMillis))); it.isValid(); it.prev()) {
          VideoRecord v = read(it, channel, key, value);
          if (v.endMillis() < fromMillis) {
            break;
          }
          if (v.startMillis() <= toMillis && named(v, nameContains)) {
            before.addFirst(v);
          }
        }
      }
      for (VideoRecord v : before) {
        if (total >= offset && total - offset < limit) {
          items.add(v);
        }
        total++;
      }
      // from here every video starts at or after fromMillis, so it overlaps when it still starts by toMillis
      for (it.seek(VideoKeys.key(channel, Math.max(0, fromMillis))); it.isValid(); it.next()) {
        boolean wanted = total >= offset && total - offset < limit;
        if (wanted || nameContains != null) {
          VideoRecord v = read(it, channel, key, value);
          if (v.startMillis() <= toMillis && named(v, nameContains)) {
            if (wanted) {
              items.add(v);
            }
            total++;
          }
        } else if (toMillis == Long.MAX_VALUE) {
          total++; // the key alone: the bound holds every video of the channel
        } else if (VideoRecord.startMillis(it.value(value) <= value.length ? value : it.value()) <= toMillis) {
          total++; // retention may have moved a video's start past the range its id is in
        }
      }
    }
    return new Matches<>(items, total);
  }

  private static boolean named(VideoRecord v, String nameContains) {
    return nameContains == null || v.name().contains(nameContains);
  }

  private static VideoRecord read(RocksIterator it, ChannelRef channel, byte[] key, byte[] value) {
    return it.key(key) == key.length && it.value(value) <= value.length
        ? VideoRecord.decode(channel, key, value)
        : VideoRecord.decode(channel, it.key(), it.value()); // a layout that is not ours: let decode judge
  }
}
