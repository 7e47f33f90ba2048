package dev.edgerelay.recorder.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One RocksDB opened with named column families, and the native handles that go with it. Families the
 * directory holds beyond the ones asked for (a layout written by an older node) are opened too, because
 * RocksDB refuses to open a database without all of its families; {@link #drop} removes one.
 *
 * <p>Native handles are closed in reverse order of creation: column-family handles, the database, then the
 * options they were opened with.
 */
public final class RocksFamilies implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final ColumnFamilyOptions familyOptions;
  private final DBOptions dbOptions;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final Map<String, ColumnFamilyHandle> handles;

  private RocksFamilies(ColumnFamilyOptions familyOptions, DBOptions dbOptions, WriteOptions writeOptions, RocksDB db,
      Map<String, ColumnFamilyHandle> handles) {
    this.familyOptions = familyOptions;
    this.dbOptions = dbOptions;
    this.writeOptions = writeOptions;
    this.db = db;
    this.handles = handles;
  }

  /** Opens (creating if needed) the database in {@code dir} with {@code families}, plus every family it already has. */
  public static RocksFamilies open(Path dir, List<String> families) throws RocksDBException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new RocksDBException("cannot create the database directory " + dir + ": " + e.getMessage());
    }
    Set<String> names = new LinkedHashSet<>();
    names.add("default");
    names.addAll(families);
    names.addAll(existing(dir));
    ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
    DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : names) {
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), familyOptions));
    }
    List<ColumnFamilyHandle> opened = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, opened);
      Map<String, ColumnFamilyHandle> handles = new LinkedHashMap<>();
      int i = 0;
      for (String name : names) {
        handles.put(name, opened.get(i++));
      }
      return new RocksFamilies(familyOptions, dbOptions, new WriteOptions(), db, handles);
    } catch (RocksDBException e) {
      opened.forEach(ColumnFamilyHandle::close);
      dbOptions.close();
      familyOptions.close();
      throw e;
    }
  }

  /** The families of the database in {@code dir}; none when there is no database yet. */
  public static List<String> existing(Path dir) throws RocksDBException {
    if (!Files.exists(dir.resolve("CURRENT"))) {
      return List.of();
    }
    try (Options options = new Options()) {
      return RocksDB.listColumnFamilies(options, dir.toString()).stream()
          .map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
    }
  }

  /** True when the database has a family named {@code name}. */
  public boolean has(String name) {
    return handles.containsKey(name);
  }

  public ColumnFamilyHandle family(String name) {
    ColumnFamilyHandle h = handles.get(name);
    if (h == null) {
      throw new IllegalArgumentException("no column family " + name);
    }
    return h;
  }

  public RocksDB db() {
    return db;
  }

  public WriteOptions writeOptions() {
    return writeOptions;
  }

  public void write(WriteBatch batch) throws RocksDBException {
    db.write(writeOptions, batch);
  }

  /** Drops the family {@code name} and its data, when the database has it. */
  public synchronized void drop(String name) throws RocksDBException {
    ColumnFamilyHandle h = handles.remove(name);
    if (h != null) {
      db.dropColumnFamily(h);
      h.close();
    }
  }

  public boolean isOpen() {
    return db.isOwningHandle();
  }

  /** Closes column-family handles, then the database, then the options (reverse order of creation). */
  @Override
  public synchronized void close() {
    if (!db.isOwningHandle()) {
      return;
    }
    handles.values().forEach(ColumnFamilyHandle::close);
    db.close();
    writeOptions.close();
    dbOptions.close();
    familyOptions.close();
  }
}
