package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.Matches;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The {@code videos} family: one entry per video (recording session), keyed by {@link VideoKeys}, valued by
 * {@link VideoRecord}, grown and shrunk with its segments by {@link RecordingIndex}. A write that reads first
 * holds {@code lock}, the index's, so it never interleaves with a segment's batch. Blocking: call from a worker.
 */
public final class VideoTable {
  private final RocksDB db;
  private final ColumnFamilyHandle family;
  private final WriteOptions writeOptions;
  private final Object lock;

  VideoTable(RocksDB db, ColumnFamilyHandle family, WriteOptions writeOptions, Object lock) {
    this.db = db;
    this.family = family;
    this.writeOptions = writeOptions;
    this.lock = lock;
  }

  void put(WriteBatch batch, VideoRecord v) throws RocksDBException {
    batch.put(family, VideoKeys.key(v.channel(), v.videoId()), v.value());
  }

  void delete(WriteBatch batch, VideoRecord v) throws RocksDBException {
    batch.delete(family, VideoKeys.key(v.channel(), v.videoId()));
  }

  public Optional<VideoRecord> get(ChannelRef channel, long videoId) throws RocksDBException {
    byte[] key = VideoKeys.key(channel, videoId);
    byte[] value = db.get(family, key);
    return value == null ? Optional.empty() : Optional.of(VideoRecord.decode(key, value));
  }

  /** Videos of {@code channel} overlapping {@code [fromMillis, toMillis]}, oldest first. */
  public List<VideoRecord> overlapping(ChannelRef channel, long fromMillis, long toMillis) {
    List<VideoRecord> out = new ArrayList<>();
    KeyRange range = VideoKeys.startedBefore(channel, toMillis == Long.MAX_VALUE ? Long.MAX_VALUE : toMillis + 1);
    try (RocksIterator it = db.newIterator(family)) {
      for (it.seek(range.from()); it.isValid() && range.contains(it.key()); it.next()) {
        VideoRecord v = VideoRecord.decode(channel, it.key(), it.value());
        if (v.endMillis() >= fromMillis && v.startMillis() <= toMillis) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /**
   * Matches {@code [offset, offset + limit)} of the videos of {@code channel} overlapping {@code [fromMillis,
   * toMillis]} whose name contains {@code nameContains} (every name when null), oldest first, and how many match.
   */
  public Matches<VideoRecord> window(ChannelRef channel, long fromMillis, long toMillis, String nameContains,
      long offset, long limit) {
    return VideoRangeScan.window(db, family, channel, fromMillis, toMillis, nameContains, offset, limit);
  }

  /** Bytes of every indexed segment, summed over the videos (few keys, not one per segment). */
  public long usedBytes() {
    long total = 0;
    try (RocksIterator it = db.newIterator(family)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        total += VideoRecord.decode(it.key(), it.value()).sizeBytes();
      }
    }
    return total;
  }

  /** rename_video (spec 6.4) in the index; false when the video does not exist. */
  public boolean rename(ChannelRef channel, long videoId, String name) throws RocksDBException {
    synchronized (lock) {
      Optional<VideoRecord> v = get(channel, videoId);
      if (v.isEmpty()) {
        return false;
      }
      db.put(family, writeOptions, VideoKeys.key(channel, videoId), v.get().withName(name).value());
      return true;
    }
  }
}
