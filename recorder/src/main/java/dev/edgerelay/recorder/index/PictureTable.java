package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The {@code pictures} family (spec 5.1-5.5): one entry per stored picture, keyed by {@link PictureKeys}, valued
 * by {@link PictureRecord}; derived from the picture files and their sidecars. Blocking: call from a worker.
 */
public final class PictureTable {
  private final RocksDB db;
  private final ColumnFamilyHandle family;
  private final WriteOptions writeOptions;

  PictureTable(RocksDB db, ColumnFamilyHandle family, WriteOptions writeOptions) {
    this.db = db;
    this.family = family;
    this.writeOptions = writeOptions;
  }

  /** Stores (or replaces) a picture's metadata (spec 5.1); its file is written first by the caller. */
  public void put(PictureRecord picture) throws RocksDBException {
    db.put(family, writeOptions, picture.key(), picture.value());
  }

  public void remove(PictureRecord picture) throws RocksDBException {
    db.delete(family, writeOptions, picture.key());
  }

  /** Pictures of {@code channel} taken in {@code [fromMillis, toMillis)}, oldest first. */
  public List<PictureRecord> taken(ChannelRef channel, long fromMillis, long toMillis) {
    List<PictureRecord> out = new ArrayList<>();
    KeyRange range = PictureKeys.takenIn(channel, fromMillis, toMillis);
    try (RocksIterator it = db.newIterator(family)) {
      for (it.seek(range.from()); it.isValid() && range.contains(it.key()); it.next()) {
        out.add(PictureRecord.decode(it.key(), it.value()));
      }
    }
    return out;
  }

  /** Calls {@code each} for every picture of every channel, in key order (channel, then time). */
  public void forEach(Consumer<PictureRecord> each) {
    try (RocksIterator it = db.newIterator(family)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        each.accept(PictureRecord.decode(it.key(), it.value()));
      }
    }
  }
}
