package dev.edgerelay.recorder.state;

import dev.edgerelay.recorder.index.KeyRange;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The {@code outbox} family of the node state: one entry per upload item, keyed by {@link OutboxKeys}; the value
 * layout belongs to the outbox package ({@code OutboxItem}). Blocking: call from a worker.
 */
public final class OutboxTable {
  private final RocksDB db;
  private final ColumnFamilyHandle family;
  private final WriteOptions writeOptions;

  OutboxTable(RocksDB db, ColumnFamilyHandle family, WriteOptions writeOptions) {
    this.db = db;
    this.family = family;
    this.writeOptions = writeOptions;
  }

  /** Stores (or replaces) one outbox entry. */
  public void put(long sequence, byte[] value) throws RocksDBException {
    db.put(family, writeOptions, OutboxKeys.key(sequence), value);
  }

  public void delete(long sequence) throws RocksDBException {
    db.delete(family, writeOptions, OutboxKeys.key(sequence));
  }

  /** Calls {@code each} with every outbox entry, oldest (lowest sequence) first. */
  public void forEach(BiConsumer<Long, byte[]> each) {
    KeyRange range = OutboxKeys.from(0);
    try (RocksIterator it = db.newIterator(family)) {
      for (it.seek(range.from()); it.isValid() && range.contains(it.key()); it.next()) {
        each.accept(OutboxKeys.sequence(it.key()), it.value());
      }
    }
  }
}
