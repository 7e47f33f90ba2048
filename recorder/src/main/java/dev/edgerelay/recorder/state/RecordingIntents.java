package dev.edgerelay.recorder.state;

import dev.edgerelay.recorder.ChannelRef;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The {@code intents} family of the node state: the channels record_video asked to record, so recording resumes
 * after a restart; keyed by {@link IntentKeys}. Blocking: call from a worker.
 */
public final class RecordingIntents {
  private final RocksDB db;
  private final ColumnFamilyHandle family;
  private final WriteOptions writeOptions;

  RecordingIntents(RocksDB db, ColumnFamilyHandle family, WriteOptions writeOptions) {
    this.db = db;
    this.family = family;
    this.writeOptions = writeOptions;
  }

  /** Marks {@code channel} as recording (or not). */
  public void set(ChannelRef channel, boolean recording) throws RocksDBException {
    if (recording) {
      db.put(family, writeOptions, IntentKeys.key(channel), new byte[0]);
    } else {
      db.delete(family, writeOptions, IntentKeys.key(channel));
    }
  }

  /** Every channel asked to record, in key order. */
  public List<ChannelRef> channels() {
    List<ChannelRef> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(family)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(IntentKeys.channel(it.key()));
      }
    }
    return out;
  }
}
