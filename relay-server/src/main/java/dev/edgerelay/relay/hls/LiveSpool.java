package dev.edgerelay.relay.hls;

import dev.edgerelay.recorder.store.SegmentStore;
import dev.edgerelay.recorder.store.SerialExecutor;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory live HLS segments are written to, and the worker threads that write them. Segments used to sit
 * in pooled direct memory, about 5.6 MB per channel at 2 Mbit/s (a window of six plus three kept), which made
 * the node's resident memory grow with its channels the way nginx-rtmp's does not: nginx writes its fragments
 * to files and leaves them to the page cache. Files cost a write of bytes the node then sends with
 * {@code sendFile} (no copy through user space), and memory the kernel may reclaim under pressure
 * (docs/architecture.md, "Live HLS").
 *
 * <p>Each muxer writes through a {@link SpoolSegmentSink} whose tasks run in order on this spool's pool; the
 * directory holds nothing worth keeping across a restart, so {@link #open} empties it. When the recordings are on
 * the same file system, a recorded channel's segments are hard links to the recording files holding them
 * instead of copies ({@link #lendsRecordings()}): the bytes reach the disk once.
 */
public final class LiveSpool {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSpool.class);
  /** Writer threads: writes go to the page cache, so two keep up with hundreds of channels. */
  static final int THREADS = 2;
  /** Channel drains queued at most (one per writing muxer at a time): bounds the pool's queue. */
  static final int QUEUE_BOUND = 16_384;

  private final Path directory;
  private final Executor pool;
  private final AtomicLong lostSegments = new AtomicLong();
  private final boolean lendsRecordings;

  private LiveSpool(Path directory, Executor pool, boolean lendsRecordings) {
    this.directory = directory;
    this.pool = pool;
    this.lendsRecordings = lendsRecordings;
  }

  /** The node's spool, {@link HlsOptions#spoolDirectory}, linking to the recordings under {@code dataDir}. */
  public static LiveSpool ofNode(HlsOptions options, Path dataDir) throws IOException {
    return open(options.spoolDirectory(dataDir), SegmentStore.filesDirectory(dataDir));
  }

  /** A spool that writes every segment itself (no recordings to link to). Blocking: call on a worker. */
  public static LiveSpool open(Path directory) throws IOException {
    return open(directory, null);
  }

  /**
   * Creates {@code directory} if needed and deletes what a previous run left in it; a recorded channel's segments
   * are links to the files under {@code recordings} when a probe file there can be hard-linked into the spool.
   * Blocking: call on a worker.
   */
  public static LiveSpool open(Path directory, Path recordings) throws IOException {
    Files.createDirectories(directory);
    try (DirectoryStream<Path> left = Files.newDirectoryStream(directory, "*.ts")) {
      for (Path file : left) {
        Files.deleteIfExists(file);
      }
    }
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(QUEUE_BOUND), r -> {
          Thread t = new Thread(r, "hls-spool-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    // never shut down: a muxer may still finish its segment after the node closed its routes, and its chunks must
    // be written and released, not refused; idle threads end by themselves
    pool.allowCoreThreadTimeOut(true);
    return new LiveSpool(directory.toAbsolutePath(), pool, recordings != null && linksWork(directory, recordings));
  }

  /** True when a file under {@code recordings} can be hard-linked into {@code spool}: one file system that links. */
  private static boolean linksWork(Path spool, Path recordings) {
    Path probe = null;
    Path link = spool.resolve(".link-probe");
    try {
      Files.createDirectories(recordings);
      probe = Files.createTempFile(recordings, ".spool-link-probe", ".tmp");
      Files.deleteIfExists(link);
      Files.createLink(link, probe);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.info("live HLS spool {} cannot link to the recordings in {} ({}): recorded channels' live segments are"
          + " written a second time", spool, recordings, e.getMessage());
      return false;
    } finally {
      try {
        Files.deleteIfExists(link);
        if (probe != null) {
          Files.deleteIfExists(probe);
        }
      } catch (IOException e) {
        LOG.debug("cannot delete the link probe: {}", e.getMessage());
      }
    }
  }

  /** True when recorded channels' segments are links to their recording files, not copies. */
  public boolean lendsRecordings() {
    return lendsRecordings;
  }

  public Path directory() {
    return directory;
  }

  /**
   * A sink writing one muxer's segments as {@code {sessionId}-{sequence}.ts}; at most {@code maxInFlightBytes}
   * handed to the writer and not yet written, beyond which the open segment is dropped whole.
   */
  SpoolSegmentSink sink(String sessionId, long maxInFlightBytes, SpoolSegmentSink.Listener listener,
      Function<Path, CompletionStage<Long>> lender) {
    return new SpoolSegmentSink(directory, sessionId, new SerialExecutor(pool), maxInFlightBytes, lostSegments,
        listener, lendsRecordings ? lender : null);
  }

  /** Segments dropped since start because the disk fell behind or refused a write. */
  public long lostSegments() {
    return lostSegments.get();
  }

}
