package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The node's recording index: one RocksDB with the column families {@code videos}, {@code segments},
 * {@code pictures}, {@code outbox} and {@code meta} (ARCHITECTURE.md, storage). Derived data: the
 * segment files are the truth and {@link dev.edgerelay.recorder.store.SegmentStore} rebuilds it from them.
 *
 * <p>Every call blocks (disk): call from a worker, never an event loop. Mutations that touch a segment
 * and its video go in one {@link WriteBatch}, so a crash never leaves the two disagreeing; they are
 * serialised on this object because a video update reads before it writes.
 *
 * <p>Native handles are closed in reverse order of creation: column-family handles, the database,
 * then the options they were opened with. Iterators are closed before the call that made them returns.
 */
public final class RecordingIndex implements AutoCloseable {
  static final String VIDEOS = "videos";
  static final String SEGMENTS = "segments";
  static final String PICTURES = "pictures";
  static final String OUTBOX = "outbox";
  static final String META = "meta";
  /** Bumped when a key or value layout changes; a mismatch means rebuild-index. */
  static final int SCHEMA_VERSION = 1;

  static {
    RocksDB.loadLibrary();
  }

  private final ColumnFamilyOptions familyOptions;
  private final DBOptions dbOptions;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle videos;
  private final ColumnFamilyHandle segments;
  private final ColumnFamilyHandle pictures;
  private final ColumnFamilyHandle outbox;
  private final ColumnFamilyHandle meta;

  private RecordingIndex(ColumnFamilyOptions familyOptions, DBOptions dbOptions, RocksDB db,
      List<ColumnFamilyHandle> handles) {
    this.familyOptions = familyOptions;
    this.dbOptions = dbOptions;
    this.writeOptions = new WriteOptions();
    this.db = db;
    this.handles = handles;
    this.videos = handles.get(1);
    this.segments = handles.get(2);
    this.pictures = handles.get(3);
    this.outbox = handles.get(4);
    this.meta = handles.get(5);
  }

  /** Opens (creating if needed) the index in {@code dir}. */
  public static RecordingIndex open(Path dir) throws RocksDBException {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new RocksDBException("cannot create the index directory " + dir + ": " + e.getMessage());
    }
    ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
    DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : List.of("default", VIDEOS, SEGMENTS, PICTURES, OUTBOX, META)) {
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), familyOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      RecordingIndex index = new RecordingIndex(familyOptions, dbOptions, db, handles);
      index.checkSchema(dir);
      return index;
    } catch (RocksDBException e) {
      handles.forEach(ColumnFamilyHandle::close);
      dbOptions.close();
      familyOptions.close();
      throw e;
    }
  }

  private void checkSchema(Path dir) throws RocksDBException {
    byte[] stored = db.get(meta, MetaKeys.schemaVersion());
    if (stored == null) {
      db.put(meta, writeOptions, MetaKeys.schemaVersion(), new byte[] {SCHEMA_VERSION});
    } else if (stored[0] != SCHEMA_VERSION) {
      close();
      throw new RocksDBException("index at " + dir + " has schema " + stored[0] + ", this node writes "
          + SCHEMA_VERSION + ": run edge-relay rebuild-index");
    }
  }

  /** Indexes a finished segment and grows its video (created with {@code defaultName} when new). */
  public synchronized void addSegment(SegmentRecord s, String defaultName) throws RocksDBException {
    byte[] videoKey = VideoKeys.key(s.channel(), s.videoId());
    byte[] existing = db.get(videos, videoKey);
    VideoRecord v;
    if (existing == null) {
      v = new VideoRecord(s.channel(), s.videoId(), defaultName, s.startMillis(), s.endMillis(), s.sizeBytes(), 1);
    } else {
      VideoRecord old = VideoRecord.decode(videoKey, existing);
      v = new VideoRecord(old.channel(), old.videoId(), old.name(), Math.min(old.startMillis(), s.startMillis()),
          Math.max(old.endMillis(), s.endMillis()), old.sizeBytes() + s.sizeBytes(), old.segments() + 1);
    }
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(segments, s.key(), s.value());
      batch.put(videos, videoKey, v.value());
      db.write(writeOptions, batch);
    }
  }

  /**
   * Removes a segment and shrinks its video consistently: the start moves to its next segment, the
   * end to its previous one, and a video left without segments disappears (issue 6, retention).
   */
  public synchronized void removeSegment(SegmentRecord s) throws RocksDBException {
    byte[] videoKey = VideoKeys.key(s.channel(), s.videoId());
    byte[] existing = db.get(videos, videoKey);
    try (WriteBatch batch = new WriteBatch()) {
      batch.delete(segments, s.key());
      if (existing != null) {
        VideoRecord old = VideoRecord.decode(videoKey, existing);
        if (old.segments() <= 1) {
          batch.delete(videos, videoKey);
        } else {
          long start = old.startMillis() == s.startMillis() ? neighbour(s, true).map(SegmentRecord::startMillis)
              .orElse(old.startMillis()) : old.startMillis();
          long end = old.endMillis() == s.endMillis() ? neighbour(s, false).map(SegmentRecord::endMillis)
              .orElse(old.endMillis()) : old.endMillis();
          VideoRecord v = new VideoRecord(old.channel(), old.videoId(), old.name(), start, end,
              Math.max(0, old.sizeBytes() - s.sizeBytes()), old.segments() - 1);
          batch.put(videos, videoKey, v.value());
        }
      }
      db.write(writeOptions, batch);
    }
  }

  /** The next (or previous) segment of the same video, beside {@code s}. */
  private Optional<SegmentRecord> neighbour(SegmentRecord s, boolean next) {
    KeyRange channel = SegmentKeys.channel(s.channel());
    try (RocksIterator it = db.newIterator(segments)) {
      it.seek(s.key());
      if (it.isValid() && Arrays.equals(it.key(), s.key())) {
        if (next) {
          it.next();
        } else {
          it.prev();
        }
      } else if (!next) {
        it.prev();
      }
      if (it.isValid() && channel.contains(it.key())) {
        SegmentRecord r = SegmentRecord.decode(it.key(), it.value());
        return r.videoId() == s.videoId() ? Optional.of(r) : Optional.empty();
      }
      return Optional.empty();
    }
  }

  public Optional<SegmentRecord> segment(ChannelRef channel, long startMillis) throws RocksDBException {
    byte[] key = SegmentKeys.key(channel, startMillis);
    byte[] value = db.get(segments, key);
    return value == null ? Optional.empty() : Optional.of(SegmentRecord.decode(key, value));
  }

  /** The segment of {@code channel} that starts last before {@code beforeMillis}, if any. */
  public Optional<SegmentRecord> lastSegmentBefore(ChannelRef channel, long beforeMillis) {
    try (RocksIterator it = db.newIterator(segments)) {
      it.seekForPrev(SegmentKeys.key(channel, Math.max(0, beforeMillis - 1)));
      if (it.isValid() && SegmentKeys.channel(channel).contains(it.key())) {
        return Optional.of(SegmentRecord.decode(it.key(), it.value()));
      }
      return Optional.empty();
    }
  }

  public Optional<SegmentRecord> firstSegment(ChannelRef channel) {
    try (RocksIterator it = db.newIterator(segments)) {
      it.seek(SegmentKeys.prefix(channel));
      if (it.isValid() && SegmentKeys.channel(channel).contains(it.key())) {
        return Optional.of(SegmentRecord.decode(it.key(), it.value()));
      }
      return Optional.empty();
    }
  }

  public Optional<SegmentRecord> lastSegment(ChannelRef channel) {
    return lastSegmentBefore(channel, Long.MAX_VALUE);
  }

  /** Segments of {@code channel} overlapping {@code [fromMillis, toMillis)}, in time order. */
  public List<SegmentRecord> segments(ChannelRef channel, long fromMillis, long toMillis) {
    return SegmentRangeScan.overlapping(db, segments, channel, fromMillis, toMillis);
  }

  /** At most {@code limit} segments of {@code channel} starting at or after {@code fromMillis}, in time order. */
  public List<SegmentRecord> segmentsFrom(ChannelRef channel, long fromMillis, int limit) {
    List<SegmentRecord> out = new ArrayList<>(Math.min(limit, 1024));
    KeyRange range = SegmentKeys.channel(channel);
    try (RocksIterator it = db.newIterator(segments)) {
      for (it.seek(SegmentKeys.key(channel, Math.max(0, fromMillis))); it.isValid() && range.contains(it.key())
          && out.size() < limit; it.next()) {
        out.add(SegmentRecord.decode(channel, it.key(), it.value()));
      }
    }
    return out;
  }

  /** Calls {@code each} for every segment of every channel, in key order. */
  public void forEachSegment(Consumer<SegmentRecord> each) {
    try (RocksIterator it = db.newIterator(segments)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        each.accept(SegmentRecord.decode(it.key(), it.value()));
      }
    }
  }

  /** Channels that have at least one segment, found by skipping from one channel's range to the next. */
  public List<ChannelRef> channels() {
    List<ChannelRef> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(segments)) {
      it.seekToFirst();
      while (it.isValid()) {
        ChannelRef c = SegmentKeys.channel(it.key());
        out.add(c);
        byte[] next = SegmentKeys.channel(c).to();
        if (next == null) {
          break;
        }
        it.seek(next);
      }
    }
    return out;
  }

  public Optional<VideoRecord> video(ChannelRef channel, long videoId) throws RocksDBException {
    byte[] key = VideoKeys.key(channel, videoId);
    byte[] value = db.get(videos, key);
    return value == null ? Optional.empty() : Optional.of(VideoRecord.decode(key, value));
  }

  /** Videos of {@code channel} overlapping {@code [fromMillis, toMillis]}, oldest first. */
  public List<VideoRecord> videos(ChannelRef channel, long fromMillis, long toMillis) {
    List<VideoRecord> out = new ArrayList<>();
    KeyRange range = VideoKeys.startedBefore(channel, toMillis == Long.MAX_VALUE ? Long.MAX_VALUE : toMillis + 1);
    try (RocksIterator it = db.newIterator(videos)) {
      for (it.seek(range.from()); it.isValid() && range.contains(it.key()); it.next()) {
        VideoRecord v = VideoRecord.decode(channel, it.key(), it.value());
        if (v.endMillis() >= fromMillis && v.startMillis() <= toMillis) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /** Bytes of every indexed segment, summed over the videos (few keys, not one per segment). */
  public long usedBytes() {
    long total = 0;
    try (RocksIterator it = db.newIterator(videos)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        total += VideoRecord.decode(it.key(), it.value()).sizeBytes();
      }
    }
    return total;
  }

  public synchronized boolean renameVideo(ChannelRef channel, long videoId, String name) throws RocksDBException {
    Optional<VideoRecord> v = video(channel, videoId);
    if (v.isEmpty()) {
      return false;
    }
    db.put(videos, writeOptions, VideoKeys.key(channel, videoId), v.get().withName(name).value());
    return true;
  }

  /** Stores (or replaces) a picture's metadata (spec 5.1); its file is written first by the caller. */
  public void putPicture(PictureRecord picture) throws RocksDBException {
    db.put(pictures, writeOptions, picture.key(), picture.value());
  }

  public void removePicture(PictureRecord picture) throws RocksDBException {
    db.delete(pictures, writeOptions, picture.key());
  }

  /** Pictures of {@code channel} taken in {@code [fromMillis, toMillis)}, oldest first. */
  public List<PictureRecord> pictures(ChannelRef channel, long fromMillis, long toMillis) {
    List<PictureRecord> out = new ArrayList<>();
    KeyRange range = PictureKeys.takenIn(channel, fromMillis, toMillis);
    try (RocksIterator it = db.newIterator(pictures)) {
      for (it.seek(range.from()); it.isValid() && range.contains(it.key()); it.next()) {
        out.add(PictureRecord.decode(it.key(), it.value()));
      }
    }
    return out;
  }

  /** Calls {@code each} for every picture of every channel, in key order (channel, then time). */
  public void forEachPicture(Consumer<PictureRecord> each) {
    try (RocksIterator it = db.newIterator(pictures)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        each.accept(PictureRecord.decode(it.key(), it.value()));
      }
    }
  }

  /** Marks {@code channel} as recording (or not), so recording resumes after a restart. */
  public void setRecording(ChannelRef channel, boolean recording) throws RocksDBException {
    if (recording) {
      db.put(meta, writeOptions, MetaKeys.recording(channel), new byte[0]);
    } else {
      db.delete(meta, writeOptions, MetaKeys.recording(channel));
    }
  }

  public List<ChannelRef> recordingChannels() {
    List<ChannelRef> out = new ArrayList<>();
    KeyRange range = MetaKeys.recordings();
    try (RocksIterator it = db.newIterator(meta)) {
      for (it.seek(range.from()); it.isValid() && range.contains(it.key()); it.next()) {
        out.add(MetaKeys.recordingChannel(it.key()));
      }
    }
    return out;
  }

  /** Stores (or replaces) one outbox entry; the value layout belongs to the outbox package. */
  public void putOutbox(long sequence, byte[] value) throws RocksDBException {
    db.put(outbox, writeOptions, OutboxKeys.key(sequence), value);
  }

  public void deleteOutbox(long sequence) throws RocksDBException {
    db.delete(outbox, writeOptions, OutboxKeys.key(sequence));
  }

  /** Calls {@code each} with every outbox entry, oldest (lowest sequence) first. */
  public void forEachOutbox(BiConsumer<Long, byte[]> each) {
    KeyRange range = OutboxKeys.from(0);
    try (RocksIterator it = db.newIterator(outbox)) {
      for (it.seek(range.from()); it.isValid() && range.contains(it.key()); it.next()) {
        each.accept(OutboxKeys.sequence(it.key()), it.value());
      }
    }
  }

  /** Closes column-family handles, then the database, then the options (reverse order of creation). */
  @Override
  public synchronized void close() {
    if (!db.isOwningHandle()) {
      return;
    }
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    writeOptions.close();
    dbOptions.close();
    familyOptions.close();
  }
}
