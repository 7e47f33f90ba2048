package dev.edgerelay.recorder.state;

import dev.edgerelay.recorder.index.KeyRange;
import dev.edgerelay.recorder.index.RocksFamilies;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the node state out of an index written before the split: its {@code outbox} family (same key and value
 * layout as {@link OutboxKeys}) and its {@code meta} keys {@code [0x02][channel: 68]} (a recording intent, now
 * {@link IntentKeys} without the prefix). The state is written first, then the old keys are deleted and the
 * {@code outbox} family dropped last: the family's presence marks an index not yet moved, and a crash before the
 * drop only repeats the same copy.
 */
final class LegacyIndexState {
  private static final Logger LOG = LoggerFactory.getLogger(LegacyIndexState.class);
  static final String LEGACY_OUTBOX = "outbox";
  static final String LEGACY_META = "meta";
  /** The old meta prefix of a recording intent. */
  static final byte LEGACY_RECORDING = 0x02;

  private LegacyIndexState() {}

  static void moveInto(Path indexDir, NodeState state) throws RocksDBException {
    if (!RocksFamilies.existing(indexDir).contains(LEGACY_OUTBOX)) {
      return; // no index yet, or one already moved
    }
    try (RocksFamilies old = RocksFamilies.open(indexDir, List.of());
        WriteBatch moved = new WriteBatch()) {
      int items = 0;
      try (RocksIterator it = old.db().newIterator(old.family(LEGACY_OUTBOX))) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          moved.put(state.rocks().family(NodeState.OUTBOX), it.key(), it.value());
          items++;
        }
      }
      int intents = 0;
      KeyRange recording = KeyRange.prefix(new byte[] {LEGACY_RECORDING});
      if (old.has(LEGACY_META)) {
        ColumnFamilyHandle meta = old.family(LEGACY_META);
        try (RocksIterator it = old.db().newIterator(meta)) {
          for (it.seek(recording.from()); it.isValid() && recording.contains(it.key()); it.next()) {
            moved.put(state.rocks().family(NodeState.INTENTS), Arrays.copyOfRange(it.key(), 1, it.key().length),
                new byte[0]);
            intents++;
          }
        }
      }
      try (WriteOptions synced = new WriteOptions().setSync(true)) { // on disk before the old copy goes
        state.rocks().db().write(synced, moved);
      }
      if (old.has(LEGACY_META)) {
        old.db().deleteRange(old.family(LEGACY_META), old.writeOptions(), recording.from(), recording.to());
      }
      old.drop(LEGACY_OUTBOX);
      LOG.info("moved {} upload outbox items and {} recording intents from the index at {} to the node state",
          items, intents, indexDir);
    }
  }
}
