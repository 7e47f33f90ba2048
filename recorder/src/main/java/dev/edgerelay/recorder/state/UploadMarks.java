package dev.edgerelay.recorder.state;

import dev.edgerelay.recorder.ChannelRef;
import java.util.OptionalLong;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The {@code upload_marks} family of the node state: per channel, the start of the newest segment the upload
 * hand-off has dealt with (queued in the outbox when the channel uploads everything, passed over otherwise). A start
 * queues what lies after a channel's mark: segments salvaged from a crash and segments committed while the outbox
 * was not following, which no commit announced to it. A channel without a mark counts from {@link #since}, when
 * marks began to be kept, so an older archive is not uploaded again. Keyed by {@link UploadMarkKeys}; blocking:
 * call from a worker.
 */
public final class UploadMarks {
  private final RocksDB db;
  private final ColumnFamilyHandle family;
  private final WriteOptions writeOptions;

  UploadMarks(RocksDB db, ColumnFamilyHandle family, WriteOptions writeOptions) {
    this.db = db;
    this.family = family;
    this.writeOptions = writeOptions;
  }

  /** The start of the newest segment of {@code channel} dealt with, if any was. */
  public synchronized OptionalLong mark(ChannelRef channel) throws RocksDBException {
    byte[] value = db.get(family, UploadMarkKeys.key(channel));
    return value == null ? OptionalLong.empty() : OptionalLong.of(UploadMarkKeys.millis(value));
  }

  /** Moves {@code channel}'s mark forward to {@code startMillis}; a mark already past it stays. */
  public synchronized void advance(ChannelRef channel, long startMillis) throws RocksDBException {
    OptionalLong current = mark(channel);
    if (current.isEmpty() || current.getAsLong() < startMillis) {
      db.put(family, writeOptions, UploadMarkKeys.key(channel), UploadMarkKeys.value(startMillis));
    }
  }

  /** When marks began to be kept: the first call stores {@code nowMillis}, every later one answers it. */
  public synchronized long since(long nowMillis) throws RocksDBException {
    byte[] value = db.get(family, UploadMarkKeys.SINCE);
    if (value != null) {
      return UploadMarkKeys.millis(value);
    }
    db.put(family, writeOptions, UploadMarkKeys.SINCE, UploadMarkKeys.value(nowMillis));
    return nowMillis;
  }
}
