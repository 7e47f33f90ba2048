package dev.edgerelay.relay.hls;

import dev.edgerelay.recorder.store.SerialExecutor;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The directory live HLS segments are written to, and the worker threads that write them. Segments used to sit
 * in pooled direct memory, about 5.6 MB per channel at 2 Mbit/s (a window of six plus three kept), which made
 * the node's resident memory grow with its channels the way nginx-rtmp's does not: nginx writes its fragments
 * to files and leaves them to the page cache. Files cost a write of bytes the node then sends with
 * {@code sendFile} (no copy through user space), and memory the kernel may reclaim under pressure
 * (docs/architecture.md, "Live HLS").
 *
 * <p>Each muxer writes through a {@link SpoolSegmentSink} whose tasks run in order on this spool's pool; the
 * directory holds nothing worth keeping across a restart, so {@link #open} empties it.
 */
public final class LiveSpool {
  /** Writer threads: writes go to the page cache, so two keep up with hundreds of channels. */
  static final int THREADS = 2;
  /** Channel drains queued at most (one per writing muxer at a time): bounds the pool's queue. */
  static final int QUEUE_BOUND = 16_384;

  private final Path directory;
  private final Executor pool;
  private final AtomicLong lostSegments = new AtomicLong();

  private LiveSpool(Path directory, Executor pool) {
    this.directory = directory;
    this.pool = pool;
  }

  /** Creates {@code directory} if needed and deletes what a previous run left in it. Blocking: call on a worker. */
  public static LiveSpool open(Path directory) throws IOException {
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
    return new LiveSpool(directory.toAbsolutePath(), pool);
  }

  public Path directory() {
    return directory;
  }

  /**
   * A sink writing one muxer's segments as {@code {sessionId}-{sequence}.ts}; at most {@code maxInFlightBytes}
   * handed to the writer and not yet written, beyond which the open segment is dropped whole.
   */
  SpoolSegmentSink sink(String sessionId, long maxInFlightBytes, SpoolSegmentSink.Listener listener) {
    return new SpoolSegmentSink(directory, sessionId, new SerialExecutor(pool), maxInFlightBytes, lostSegments,
        listener);
  }

  /** Segments dropped since start because the disk fell behind or refused a write. */
  public long lostSegments() {
    return lostSegments.get();
  }

}
