package dev.edgerelay.recorder.store;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.RecordingIndex;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.index.VideoRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segment files on disk and their index, kept in agreement: a finished segment is renamed
 * from {@code .part} first and indexed second, a deleted one is unlinked first and unindexed second,
 * so after a crash at any point {@link #reconcile()} can make the index agree with the files again.
 * Every method blocks: call from a worker.
 */
public final class SegmentStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentStore.class);

  /** What {@link #reconcile()} changed. */
  public record Reconciliation(int droppedEntries, int indexedFiles, int finalisedParts, int discardedParts) {}

  private final SegmentFiles files;
  private final VideoNames names;
  private final RecordingIndex index;
  private final long videoGapMillis;

  /** Where under the data directory the segment files are. */
  public static Path filesDirectory(Path dataDir) {
    return dataDir.resolve("recordings");
  }

  /**
   * @param dataDir the node's data directory: {@code recordings/} and {@code index/} live under it
   * @param videoGapMillis a gap between segments longer than this starts a new video (source lost)
   */
  public static SegmentStore open(Path dataDir, long videoGapMillis) throws RocksDBException {
    return new SegmentStore(new SegmentFiles(filesDirectory(dataDir)),
        RecordingIndex.open(dataDir.resolve("index")), videoGapMillis);
  }

  /**
   * The segment half of {@code edge-relay rebuild-index}: throws the index away and builds it again from the files
   * alone. The node state must be out of an old index first ({@code NodeState}), which
   * {@code RecorderStorage.rebuild} sees to.
   */
  public static SegmentStore rebuild(Path dataDir, long videoGapMillis) throws IOException, RocksDBException {
    deleteTree(dataDir.resolve("index"));
    SegmentStore store = open(dataDir, videoGapMillis);
    try {
      store.reconcile();
    } catch (IOException | RocksDBException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  SegmentStore(SegmentFiles files, RecordingIndex index, long videoGapMillis) {
    this.files = files;
    this.names = new VideoNames(files);
    this.index = index;
    this.videoGapMillis = videoGapMillis;
  }

  public SegmentFiles files() {
    return files;
  }

  public RecordingIndex index() {
    return index;
  }

  public long videoGapMillis() {
    return videoGapMillis;
  }

  public Path file(SegmentRecord s) {
    return files.finished(s.channel(), s.startMillis(), s.durationMillis());
  }

  /** The default name of a new video: its channel and start, which is what a user looks for first. */
  public static String defaultName(ChannelRef channel, long startMillis) {
    return channel + " " + Instant.ofEpochMilli(startMillis);
  }

  /**
   * Renames a finished {@code .part} to its final name, then indexes it.
   *
   * @param videoId the video (session) it belongs to, see {@link #continuingVideo}
   */
  public SegmentRecord commit(Path part, ChannelRef channel, long startMillis, long durationMillis, long sizeBytes,
      long videoId, boolean discontinuity) throws IOException, RocksDBException {
    Path target = files.finished(channel, startMillis, durationMillis);
    Files.createDirectories(target.getParent()); // the part may sit in the day before (opened before midnight)
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    SegmentRecord s = new SegmentRecord(channel, startMillis, durationMillis, sizeBytes, videoId, discontinuity);
    index.addSegment(s, defaultName(channel, videoId));
    return s;
  }

  /** The video a segment starting at {@code startMillis} continues, or its own start (a new video) after a gap. */
  public long continuingVideo(ChannelRef channel, long startMillis) {
    Optional<SegmentRecord> previous = index.segments().lastBefore(channel, startMillis);
    return previous.filter(p -> startMillis - p.endMillis() <= videoGapMillis).map(SegmentRecord::videoId)
        .orElse(startMillis);
  }

  /** Deletes a segment: the file first, then its index entry (a crash between leaves an entry reconcile drops). */
  public void delete(SegmentRecord s) throws IOException, RocksDBException {
    Files.deleteIfExists(file(s));
    index.removeSegment(s);
  }

  /** Deletes every segment of a video, and its name; false when the video does not exist. */
  public boolean deleteVideo(ChannelRef channel, long videoId) throws IOException, RocksDBException {
    Optional<VideoRecord> video = index.videos().get(channel, videoId);
    if (video.isEmpty()) {
      return false;
    }
    for (SegmentRecord s : videoSegments(video.get())) {
      delete(s);
    }
    names.delete(channel, videoId);
    return true;
  }

  /**
   * rename_video (spec 6.4): the name goes to its file beside the recordings first ({@link VideoNames}), then
   * to the index, so a rebuilt index names the video the same; false when the video does not exist.
   */
  public boolean renameVideo(ChannelRef channel, long videoId, String name) throws IOException, RocksDBException {
    if (index.videos().get(channel, videoId).isEmpty()) {
      return false;
    }
    names.write(channel, videoId, name);
    return index.videos().rename(channel, videoId, name);
  }

  /** The segments of one video, in time order. */
  public List<SegmentRecord> videoSegments(VideoRecord v) {
    return index.segments().overlapping(v.channel(), v.startMillis(), v.endMillis()).stream()
        .filter(s -> s.videoId() == v.videoId()).toList();
  }

  /**
   * Makes the index agree with the disk: finalises {@code .part} files to their last
   * complete packet, indexes files that have no entry, drops entries whose file is gone.
   */
  public Reconciliation reconcile() throws IOException, RocksDBException {
    int finalised = 0;
    int discarded = 0;
    int indexed = 0;
    List<SegmentFiles.Parsed> found = new ArrayList<>();
    for (Path p : listFiles()) {
      SegmentFiles.Parsed parsed = files.parse(p);
      if (parsed == null) {
        continue;
      }
      if (parsed.part()) {
        TsTail.Scan scan = TsTail.finalise(p);
        if (!scan.playable() || scan.durationMillis() <= 0) {
          Files.delete(p);
          discarded++;
          LOG.info("discarded {}: nothing playable before the crash", p);
          continue;
        }
        Path target = files.finished(parsed.channel(), parsed.startMillis(), scan.durationMillis());
        Files.createDirectories(target.getParent());
        Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("finalised {} to its last complete packet: {} bytes, {} ms", target, scan.completeBytes(),
            scan.durationMillis());
        parsed = new SegmentFiles.Parsed(parsed.channel(), parsed.startMillis(), scan.durationMillis());
        finalised++;
      }
      found.add(parsed);
    }
    found.sort(Comparator.comparing(SegmentFiles.Parsed::channel).thenComparingLong(SegmentFiles.Parsed::startMillis));
    for (SegmentFiles.Parsed f : found) {
      if (index.segments().get(f.channel(), f.startMillis()).isEmpty()) {
        Path file = files.finished(f.channel(), f.startMillis(), f.durationMillis());
        long videoId = continuingVideo(f.channel(), f.startMillis());
        index.addSegment(new SegmentRecord(f.channel(), f.startMillis(), f.durationMillis(), Files.size(file), videoId,
            videoId == f.startMillis()), defaultName(f.channel(), videoId));
        indexed++;
      }
    }
    List<SegmentRecord> gone = new ArrayList<>();
    index.segments().forEach(s -> {
      if (!Files.exists(file(s))) {
        gone.add(s);
      }
    });
    for (SegmentRecord s : gone) {
      index.removeSegment(s);
    }
    applyNames();
    Reconciliation r = new Reconciliation(gone.size(), indexed, finalised, discarded);
    LOG.info("index reconciled with {}: {}", files.root(), r);
    return r;
  }

  /**
   * Gives every video the name its sidecar holds (a rebuilt index starts from default names); a sidecar whose
   * video is gone (retention emptied it) is deleted.
   */
  private void applyNames() throws IOException, RocksDBException {
    for (ChannelRef channel : channelsOnDisk()) {
      for (Map.Entry<Long, String> e : names.read(channel).entrySet()) {
        Optional<VideoRecord> video = index.videos().get(channel, e.getKey());
        if (video.isEmpty()) {
          names.delete(channel, e.getKey());
        } else if (!video.get().name().equals(e.getValue())) {
          index.videos().rename(channel, e.getKey(), e.getValue());
        }
      }
    }
  }

  private List<ChannelRef> channelsOnDisk() throws IOException {
    if (!Files.isDirectory(files.root())) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(files.root(), 2)) {
      return walk.filter(p -> files.root().relativize(p).getNameCount() == 2 && Files.isDirectory(p)).map(p -> {
        try {
          return new ChannelRef(p.getParent().getFileName().toString(), Integer.parseInt(p.getFileName().toString()));
        } catch (IllegalArgumentException e) {
          return null;
        }
      }).filter(Objects::nonNull).toList();
    }
  }

  private List<Path> listFiles() throws IOException {
    if (!Files.isDirectory(files.root())) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(files.root(), 4)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  @Override
  public void close() {
    index.close();
  }
}
