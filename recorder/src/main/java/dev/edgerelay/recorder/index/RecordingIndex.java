package dev.edgerelay.recorder.index;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The node's recording index: one RocksDB ({@code {data}/index}) with one table per column family,
 * {@link VideoTable videos}, {@link SegmentTable segments}, {@link PictureTable pictures}, and {@code meta}
 * (the schema version, {@link MetaKeys}). Derived data only: the segment and picture files are the truth, and
 * {@code edge-relay rebuild-index} throws this away and builds it again from them. What cannot be rebuilt (the
 * upload outbox, the channels asked to record) lives apart, in {@code dev.edgerelay.recorder.state.NodeState}.
 *
 * <p>Every call blocks (disk): call from a worker, never an event loop. A segment and its video change in one
 * {@link WriteBatch}, so a crash never leaves the two disagreeing; those writes are serialised on one lock,
 * because a video update reads before it writes.
 */
public final class RecordingIndex implements AutoCloseable {
  static final String VIDEOS = "videos";
  static final String SEGMENTS = "segments";
  static final String PICTURES = "pictures";
  static final String META = "meta";
  /** Bumped when a key or value layout changes; a mismatch means rebuild-index. */
  static final int SCHEMA_VERSION = 1;

  private final RocksFamilies rocks;
  private final Object lock = new Object();
  private final SegmentTable segments;
  private final VideoTable videos;
  private final PictureTable pictures;

  private RecordingIndex(RocksFamilies rocks) {
    this.rocks = rocks;
    this.segments = new SegmentTable(rocks.db(), rocks.family(SEGMENTS));
    this.videos = new VideoTable(rocks.db(), rocks.family(VIDEOS), rocks.writeOptions(), lock);
    this.pictures = new PictureTable(rocks.db(), rocks.family(PICTURES), rocks.writeOptions());
  }

  /** Opens (creating if needed) the index in {@code dir}. */
  public static RecordingIndex open(Path dir) throws RocksDBException {
    RocksFamilies rocks = RocksFamilies.open(dir, List.of(VIDEOS, SEGMENTS, PICTURES, META));
    try {
      checkSchema(rocks, dir);
    } catch (RocksDBException | RuntimeException e) {
      rocks.close();
      throw e;
    }
    return new RecordingIndex(rocks);
  }

  private static void checkSchema(RocksFamilies rocks, Path dir) throws RocksDBException {
    byte[] stored = rocks.db().get(rocks.family(META), MetaKeys.schemaVersion());
    if (stored == null) {
      rocks.db().put(rocks.family(META), rocks.writeOptions(), MetaKeys.schemaVersion(), new byte[] {SCHEMA_VERSION});
    } else if (stored[0] != SCHEMA_VERSION) {
      throw new RocksDBException("index at " + dir + " has schema " + stored[0] + ", this node writes "
          + SCHEMA_VERSION + ": run edge-relay rebuild-index");
    }
  }

  public SegmentTable segments() {
    return segments;
  }

  public VideoTable videos() {
    return videos;
  }

  public PictureTable pictures() {
    return pictures;
  }

  /** Indexes a finished segment and grows its video (created with {@code defaultName} when new). */
  public void addSegment(SegmentRecord s, String defaultName) throws RocksDBException {
    synchronized (lock) {
      Optional<VideoRecord> old = videos.get(s.channel(), s.videoId());
      VideoRecord v = old.map(o -> new VideoRecord(o.channel(), o.videoId(), o.name(),
          Math.min(o.startMillis(), s.startMillis()), Math.max(o.endMillis(), s.endMillis()),
          o.sizeBytes() + s.sizeBytes(), o.segments() + 1))
          .orElseGet(() -> new VideoRecord(s.channel(), s.videoId(), defaultName, s.startMillis(), s.endMillis(),
              s.sizeBytes(), 1));
      try (WriteBatch batch = new WriteBatch()) {
        segments.put(batch, s);
        videos.put(batch, v);
        rocks.write(batch);
      }
    }
  }

  /**
   * Removes a segment and shrinks its video consistently: the start moves to its next segment, the end to its
   * previous one, and a video left without segments disappears (retention).
   */
  public void removeSegment(SegmentRecord s) throws RocksDBException {
    synchronized (lock) {
      Optional<VideoRecord> existing = videos.get(s.channel(), s.videoId());
      try (WriteBatch batch = new WriteBatch()) {
        segments.delete(batch, s);
        if (existing.isPresent()) {
          VideoRecord old = existing.get();
          if (old.segments() <= 1) {
            videos.delete(batch, old);
          } else {
            long start = old.startMillis() == s.startMillis()
                ? segments.neighbour(s, true).map(SegmentRecord::startMillis).orElse(old.startMillis())
                : old.startMillis();
            long end = old.endMillis() == s.endMillis()
                ? segments.neighbour(s, false).map(SegmentRecord::endMillis).orElse(old.endMillis())
                : old.endMillis();
            videos.put(batch, new VideoRecord(old.channel(), old.videoId(), old.name(), start, end,
                Math.max(0, old.sizeBytes() - s.sizeBytes()), old.segments() - 1));
          }
        }
        rocks.write(batch);
      }
    }
  }

  @Override
  public void close() {
    rocks.close();
  }
}
