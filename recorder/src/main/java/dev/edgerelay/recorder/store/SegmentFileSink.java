package dev.edgerelay.recorder.store;

import dev.edgerelay.media.ts.PartStart;
import dev.edgerelay.media.ts.SegmentInfo;
import dev.edgerelay.media.ts.SegmentSink;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one channel's segments to disk. Its {@link RecordingCutter} calls it on the live muxer's event loop;
 * every file operation runs in order on a {@link SerialExecutor} over the recorder's worker pool. Bytes in flight
 * are bounded by {@code maxInFlightBytes}, and a segment is written whole or not at all: the cutter closes the
 * segment early at a part boundary when the disk falls behind ({@link DiskBacklog}), and a chunk that would still pass the bound
 * abandons its whole segment (the {@code .part} is deleted), never leaving a hole inside a file. A write error
 * stops the recording with a reason ({@link Listener#failed}), never the node.
 *
 * <p>A segment's start follows its media time from the session's wall-clock anchor ({@link #startOf}),
 * so a session's segments tile its time line with no gap or overlap. It is fixed when the file opens and names the
 * {@code .part}: a crash recovery, which has only the name, gives a salvaged segment the start its commit would
 * have given it, after every segment committed before it (the upload marks rely on that, docs/architecture.md,
 * "Recording").
 */
public final class SegmentFileSink implements SegmentSink {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentFileSink.class);
  /** Wall clock and media time may drift apart by this much before a segment restarts from the clock. */
  public static final long DRIFT_TOLERANCE_MILLIS = 5_000;

  /** Told on the writer's thread. */
  public interface Listener {
    void committed(SegmentRecord segment);

    /** Recording of the channel stopped for {@code reason}; nothing more is written. */
    void failed(String reason);
  }

  private final ChannelRef channel;
  private final SegmentStore store;
  private final Executor writer;
  private final long maxInFlightBytes;
  private final Clock clock;
  private final DiskBacklog backlog;
  private final Listener listener;
  private final AtomicLong inFlight = new AtomicLong();
  private volatile boolean failed;
  // event-loop side
  private boolean abandoning;
  private boolean gapBefore;
  // writer side
  private long anchorWall = -1;
  private long anchorPts90k;
  private long previousStart = -1;
  private FileChannel file;
  private Path part;
  private long fileStart;
  private long videoId = -1;
  private long lastCommittedEnd = -1;
  /** The lent part's offset in the open file, completed once its last byte is written ({@link #lendPart}). */
  private CompletableFuture<Long> lent;
  private long lentOffset;

  /**
   * @param maxInFlightBytes bound of the bytes handed to {@code writer} and not yet on disk
   * @param backlog the channel's, told when a segment had to be discarded whole
   */
  public SegmentFileSink(ChannelRef channel, SegmentStore store, Executor writer, long maxInFlightBytes, Clock clock,
      DiskBacklog backlog, Listener listener) {
    this.channel = channel;
    this.store = store;
    this.writer = writer;
    this.maxInFlightBytes = maxInFlightBytes;
    this.clock = clock;
    this.backlog = backlog;
    this.listener = listener;
  }

  /** Bytes handed to the writer and not yet on disk. */
  public long inFlightBytes() {
    return inFlight.get();
  }

  /** The bound of {@link #inFlightBytes()}. */
  public long maxInFlightBytes() {
    return maxInFlightBytes;
  }

  public boolean hasFailed() {
    return failed;
  }

  /**
   * A file opened without its first unit's timestamp ({@link #open(PartStart)} has it) starts at the wall clock:
   * it is anchored afresh, as after a discontinuity.
   */
  @Override
  public void open(long sequence) {
    open(new PartStart(sequence, 0, true, true));
  }

  @Override
  public void open(PartStart start) {
    long openWall = clock.millis();
    writer.execute(() -> {
      if (failed) {
        return;
      }
      try {
        fileStart = startOf(start.startPts90k(), start.discontinuity(), openWall);
        part = store.files().part(channel, fileStart);
        Files.createDirectories(part.getParent());
        file = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
      } catch (IOException e) {
        fail("cannot create " + part + ": " + e.getMessage());
      }
    });
  }

  /**
   * On the writer: a segment's start, the session's wall-clock anchor plus its media time since the anchor, so
   * segments tile the time line exactly; re-anchored after a discontinuity or when media time and the wall clock
   * drift apart by more than {@link #DRIFT_TOLERANCE_MILLIS}.
   */
  private long startOf(long startPts90k, boolean discontinuity, long openWall) {
    long start = anchorWall + Math.round((startPts90k - anchorPts90k) / 90.0);
    if (anchorWall < 0 || discontinuity || Math.abs(start - openWall) > DRIFT_TOLERANCE_MILLIS) {
      anchorWall = anchorWall < 0 ? firstAnchor(openWall) : openWall;
      anchorPts90k = startPts90k;
      start = anchorWall;
    }
    start = Math.max(start, previousStart + 1); // starts are keys: strictly increasing
    previousStart = start;
    return start;
  }

  /**
   * The session's first anchor: the wall clock, or the end of the channel's newest segment when that lies ahead of
   * the clock by no more than the drift tolerance (its media time ran ahead, as after a GOP burst at connect), so
   * a new session never starts inside the last one: not after a crash either, whose salvaged segment is newest.
   */
  private long firstAnchor(long openWall) {
    return store.index().segments().last(channel).map(s -> s.startMillis() + s.durationMillis())
        .filter(end -> end > openWall && end - openWall <= DRIFT_TOLERANCE_MILLIS).orElse(openWall);
  }

  @Override
  public void write(ByteBuf chunk) {
    int size = chunk.readableBytes();
    if (failed || abandoning) {
      chunk.release(); // recording stopped, or the rest of an abandoned segment
      return;
    }
    if (inFlight.get() + size > maxInFlightBytes) {
      chunk.release();
      abandoning = true;
      writer.execute(this::discardOpen);
      backlog.abandoned();
      return;
    }
    inFlight.addAndGet(size);
    writer.execute(() -> {
      try {
        if (!failed && file != null) {
          chunk.readBytes(file, chunk.readableBytes());
          while (chunk.isReadable()) {
            chunk.readBytes(file, chunk.readableBytes());
          }
        }
      } catch (IOException e) {
        fail("cannot write " + part + ": " + e.getMessage());
      } finally {
        inFlight.addAndGet(-size);
        chunk.release();
      }
    });
  }

  /**
   * Lends the bytes of the part that starts now to the live window: links {@code link} to the open file (same
   * inode: renaming the {@code .part} at commit or deleting the file at retention leaves the link whole) and
   * returns a stage completing with the part's offset once {@link #partWritten} ran after its last write. Fails
   * when the part is cut short in the file (disk backlog, write error, recording stopped mid-part) or the link
   * cannot be made; null when this sink writes nothing now. Called on the event loop, right after the part's
   * {@link #open} or after the previous part's end (docs/architecture.md, "Live HLS").
   */
  public CompletionStage<Long> lendPart(Path link) {
    if (failed || abandoning) {
      return null;
    }
    CompletableFuture<Long> stage = new CompletableFuture<>();
    writer.execute(() -> {
      failLent("a part was lent before the previous one ended");
      if (failed || file == null) {
        stage.completeExceptionally(new IOException("the recording is not writing"));
        return;
      }
      try {
        lentOffset = file.position();
        Files.createLink(link, part);
        lent = stage;
      } catch (IOException | UnsupportedOperationException e) {
        stage.completeExceptionally(e instanceof IOException io ? io : new IOException(e));
      }
    });
    return stage;
  }

  /** The lent part's last byte was handed to {@link #write}: its stage completes after that write. */
  public void partWritten() {
    writer.execute(() -> {
      if (lent != null) {
        lent.complete(lentOffset);
        lent = null;
      }
    });
  }

  /** On the writer: the lent part will not be whole in the file. */
  private void failLent(String why) {
    if (lent != null) {
      lent.completeExceptionally(new IOException(why));
      lent = null;
    }
  }

  @Override
  public void close(SegmentInfo info) {
    if (abandoning) {
      abandoning = false; // already discarded; the next segment starts afresh, after a gap
      gapBefore = true;
      return;
    }
    long duration = Math.max(1, Math.round(info.duration90k() / 90.0));
    boolean discontinuity = info.discontinuity() || gapBefore;
    gapBefore = false;
    long closedAt = System.nanoTime(); // one reading per segment: the commit latency counts the queue too
    writer.execute(() -> {
      failLent("the recording closed its file mid-part");
      if (failed || file == null) {
        return;
      }
      try {
        long size = file.size();
        file.force(false); // the index must never name bytes the disk has not got
        file.close();
        file = null;
        boolean newVideo = videoId < 0 || fileStart - lastCommittedEnd > store.videoGapMillis();
        if (newVideo) {
          videoId = fileStart;
        }
        lastCommittedEnd = fileStart + duration;
        SegmentRecord record = store.commit(part, channel, fileStart, duration, size, videoId,
            newVideo || discontinuity);
        backlog.committed(System.nanoTime() - closedAt);
        listener.committed(record);
      } catch (IOException | RocksDBException e) {
        fail("cannot finish " + part + ": " + e.getMessage());
      }
    });
  }

  @Override
  public void abort() {
    abandoning = false;
    writer.execute(this::discardOpen);
  }

  private void discardOpen() {
    failLent("the recording discarded its file");
    if (file == null) {
      return;
    }
    try {
      file.close();
      Files.deleteIfExists(part);
    } catch (IOException e) {
      LOG.warn("{}: cannot discard {}: {}", channel, part, e.getMessage());
    }
    file = null;
  }

  private void fail(String reason) {
    if (!failed) {
      failed = true;
      LOG.error("recording of {} stopped: {}", channel, reason);
      discardOpen();
      listener.failed(reason);
    }
  }
}
