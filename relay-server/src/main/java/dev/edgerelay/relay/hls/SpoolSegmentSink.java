package dev.edgerelay.relay.hls;

import dev.edgerelay.media.ts.SegmentInfo;
import dev.edgerelay.media.ts.SegmentSink;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one live muxer's segments to files of the {@link LiveSpool} as its chunks come, so pooled memory holds
 * only the chunks on their way to the page cache. Called on the muxer's event loop; every file operation runs
 * in order on {@code writer}. A segment is published when it is cut, with a future that completes once its
 * file is whole (a few milliseconds later), so cutting never waits for the disk and the playlist is as
 * timely as when segments were kept in memory.
 *
 * <p>When the disk falls behind by more than {@code maxInFlightBytes}, or refuses a write, the open segment is
 * dropped whole (its file deleted) and the listener told, so the next one is marked as a discontinuity; a
 * segment on the playlist is never missing bytes.
 *
 * <p>A segment the recorder writes whole to its own file is not written here at all: the recorder lends it
 * ({@code lender}, {@link dev.edgerelay.media.ts.PartListener#lendOpenPart}) as a hard link in the spool to its
 * file and the segment's offset there, so a recorded channel's bytes reach the disk once. A lent segment the
 * recorder had to cut short is dropped whole, as above (docs/architecture.md, "Live HLS").
 */
final class SpoolSegmentSink implements SegmentSink {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolSegmentSink.class);

  /** Told on the muxer's event loop. */
  interface Listener {
    /** A segment was cut; its file completes at {@link LiveSegment#written()}. */
    void segment(LiveSegment segment);

    /** The open segment was dropped: the next one must be marked as a discontinuity. */
    void lost(SegmentInfo info);
  }

  private final Path directory;
  private final String sessionId;
  private final Executor writer;
  private final long maxInFlightBytes;
  private final AtomicLong lostSegments;
  private final Listener listener;
  private final Function<Path, CompletionStage<Long>> lender;
  private final AtomicLong inFlight = new AtomicLong();
  // event-loop side
  private String name;
  private Path path;
  private boolean dropping;
  private boolean[] failed; // the open segment's failure flag, shared with its writer tasks
  private CompletableFuture<Long> lent; // the open segment's bytes are the recorder's, at this offset of its file
  // writer side
  private FileChannel file;
  private boolean warned;

  /** @param lender asked at each segment's start for a file already holding its bytes; null: never lent */
  SpoolSegmentSink(Path directory, String sessionId, Executor writer, long maxInFlightBytes, AtomicLong lostSegments,
      Listener listener, Function<Path, CompletionStage<Long>> lender) {
    this.directory = directory;
    this.sessionId = sessionId;
    this.writer = writer;
    this.maxInFlightBytes = maxInFlightBytes;
    this.lostSegments = lostSegments;
    this.listener = listener;
    this.lender = lender;
  }

  /** Bytes handed to the writer and not yet written. */
  long inFlightBytes() {
    return inFlight.get();
  }

  @Override
  public void open(long sequence) {
    name = sessionId + "-" + sequence + ".ts";
    path = directory.resolve(name);
    dropping = false;
    CompletionStage<Long> lentBytes = lender == null ? null : lender.apply(path);
    if (lentBytes != null) {
      lent = lentBytes.toCompletableFuture();
      return; // the recorder writes them: no file of ours
    }
    boolean[] segmentFailed = new boolean[1];
    failed = segmentFailed;
    Path p = path;
    writer.execute(() -> {
      try {
        file = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
      } catch (IOException e) {
        writeFailed(segmentFailed, p, e);
      }
    });
  }

  @Override
  public void write(ByteBuf chunk) {
    int size = chunk.readableBytes();
    if (dropping || path == null || lent != null) {
      chunk.release();
      return;
    }
    if (inFlight.get() + size > maxInFlightBytes) {
      chunk.release();
      dropping = true; // the rest of this segment goes too; it is discarded at close
      return;
    }
    inFlight.addAndGet(size);
    boolean[] segmentFailed = failed;
    Path p = path;
    writer.execute(() -> {
      try {
        if (!segmentFailed[0] && file != null) {
          while (chunk.isReadable()) {
            chunk.readBytes(file, chunk.readableBytes());
          }
        }
      } catch (IOException e) {
        writeFailed(segmentFailed, p, e);
      } finally {
        inFlight.addAndGet(-size);
        chunk.release();
      }
    });
  }

  @Override
  public void close(SegmentInfo info) {
    Path p = path;
    boolean[] segmentFailed = failed;
    path = null;
    if (lent != null) {
      closeLent(p, info);
      return;
    }
    if (dropping) {
      dropping = false;
      discard(p);
      lost(info, "the disk fell behind by more than " + maxInFlightBytes + " bytes");
      return;
    }
    CompletableFuture<Long> written = new CompletableFuture<>();
    writer.execute(() -> {
      closeFile(p, segmentFailed);
      if (segmentFailed[0]) {
        deleteQuietly(p);
        written.completeExceptionally(new IOException("the spool could not write " + p.getFileName()));
      } else {
        written.complete(0L);
      }
    });
    // evicted long after its close task ran: only the file is left to delete
    listener.segment(new LiveSegment(name, info, p, written, () -> writer.execute(() -> deleteQuietly(p))));
  }

  /** Publishes a lent segment, or drops it when the recorder already cut it short. */
  private void closeLent(Path link, SegmentInfo info) {
    CompletableFuture<Long> bytes = lent;
    lent = null;
    Runnable unlink = () -> unlinkOnceSettled(bytes, link);
    if (bytes.isCompletedExceptionally()) {
      unlink.run();
      lost(info, "the recording holding it stopped mid-segment");
      return;
    }
    listener.segment(new LiveSegment(name, info, link, bytes, unlink));
  }

  @Override
  public void abort() {
    if (lent != null) {
      unlinkOnceSettled(lent, path);
      lent = null;
    } else if (path != null) {
      discard(path);
    }
    path = null;
    dropping = false;
  }

  /** Deletes a lent segment's link once the recorder settled its bytes (the link is made on its writer). */
  private void unlinkOnceSettled(CompletableFuture<Long> bytes, Path link) {
    bytes.whenComplete((offset, err) -> writer.execute(() -> deleteQuietly(link)));
  }

  private void lost(SegmentInfo info, String why) {
    lostSegments.incrementAndGet();
    LOG.warn("live segment {} dropped: {}", name, why);
    listener.lost(info);
  }

  /** The open segment {@code p} goes: its writer tasks are queued before this one, so the open file is its. */
  private void discard(Path p) {
    boolean[] segmentFailed = failed;
    writer.execute(() -> {
      closeFile(p, segmentFailed);
      deleteQuietly(p);
    });
  }

  /** On the writer: closes the open file if it is {@code p}'s. */
  private void closeFile(Path p, boolean[] segmentFailed) {
    if (file == null) {
      return;
    }
    try {
      file.close();
    } catch (IOException e) {
      writeFailed(segmentFailed, p, e);
    }
    file = null;
  }

  private void writeFailed(boolean[] segmentFailed, Path p, IOException e) {
    segmentFailed[0] = true;
    if (!warned) { // once per muxer: a full disk would otherwise log every segment
      warned = true;
      LOG.warn("live HLS spool cannot write {}: {}; its segments are dropped until writes succeed",
          p.getFileName(), e.getMessage());
    }
    lostSegments.incrementAndGet();
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", p, e.getMessage());
    }
  }
}
