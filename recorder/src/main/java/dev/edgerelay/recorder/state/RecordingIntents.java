package dev.edgerelay.recorder.state;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The {@code intents} family of the node state: whether each channel should record, so recording resumes after a
 * restart; keyed by {@link IntentKeys}. On a site of nodes it mirrors the site's intents, each with when and by
 * which node it was last set, so a cold-started site resumes from disk and the newest choice wins. Blocking: call
 * from a worker.
 *
 * <p>Value: empty (written before intents carried a time: on, set at 0), or {@code on} (1 byte), {@code updatedAt}
 * (8 bytes big-endian epoch millis), then the node's name in UTF-8. An intent switched off is kept, so it still
 * wins over an older "on" elsewhere.
 */
public final class RecordingIntents {
  /** One channel's intent as stored. */
  public record Intent(ChannelRef channel, boolean on, long updatedAtMillis, String by) {
  }

  private final RocksDB db;
  private final ColumnFamilyHandle family;
  private final WriteOptions writeOptions;

  RecordingIntents(RocksDB db, ColumnFamilyHandle family, WriteOptions writeOptions) {
    this.db = db;
    this.family = family;
    this.writeOptions = writeOptions;
  }

  /** Marks {@code channel} as recording (or not), with no time: a node's own choice without a site. */
  public void set(ChannelRef channel, boolean recording) throws RocksDBException {
    if (recording) {
      db.put(family, writeOptions, IntentKeys.key(channel), new byte[0]);
    } else {
      db.delete(family, writeOptions, IntentKeys.key(channel));
    }
  }

  /** Stores {@code intent} as it is (the caller decided it is the newest). */
  public void put(Intent intent) throws RocksDBException {
    byte[] by = intent.by().getBytes(StandardCharsets.UTF_8);
    ByteBuffer value = ByteBuffer.allocate(1 + Long.BYTES + by.length);
    value.put((byte) (intent.on() ? 1 : 0)).putLong(intent.updatedAtMillis()).put(by);
    db.put(family, writeOptions, IntentKeys.key(intent.channel()), value.array());
  }

  /** Every channel asked to record (its intent on), in key order. */
  public List<ChannelRef> channels() {
    List<ChannelRef> out = new ArrayList<>();
    for (Intent intent : all()) {
      if (intent.on()) {
        out.add(intent.channel());
      }
    }
    return out;
  }

  /** Every stored intent, on or off, in key order. */
  public List<Intent> all() {
    List<Intent> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(family)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(decode(IntentKeys.channel(it.key()), it.value()));
      }
    }
    return out;
  }

  private static Intent decode(ChannelRef channel, byte[] value) {
    if (value.length < 1 + Long.BYTES) {
      return new Intent(channel, true, 0, "");
    }
    ByteBuffer in = ByteBuffer.wrap(value);
    boolean on = in.get() != 0;
    long at = in.getLong();
    return new Intent(channel, on, at, new String(value, 1 + Long.BYTES, value.length - 1 - Long.BYTES,
        StandardCharsets.UTF_8));
  }
}
