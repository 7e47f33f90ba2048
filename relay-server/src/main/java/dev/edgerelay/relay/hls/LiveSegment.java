package dev.edgerelay.relay.hls;

import dev.edgerelay.media.ts.SegmentInfo;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A finished live segment as served: its TS bytes are a file of the {@link LiveSpool}, sent with zero-copy
 * {@code sendFile}, so neither the heap nor pooled direct memory holds it (docs/architecture.md, "Live HLS"). For
 * a recorded channel that file is a hard link to the recording file holding the segment, at an offset.
 *
 * <p>It is listed as soon as the muxer cut it; the writer may still be finishing the file for a few
 * milliseconds, so a reader sends it once {@link #written()} completes. The {@link HlsLiveMuxer} that made it
 * lets go of it on eviction or after an ended stream's grace ({@link #release()}): the file is deleted after
 * its last write. A response that already opened the file keeps reading it (an unlinked file lives on while
 * open); one that comes later finds it gone and answers as for a segment that slid out. Thread-safe.
 */
public final class LiveSegment {
  private final String name;
  private final SegmentInfo info;
  private final Path file;
  private final CompletableFuture<Long> written;
  private final Runnable discard;
  private volatile boolean released;

  /**
   * @param written completes with the segment's offset in {@code file} when the file holds every byte of it (fails
   *     when it never will); the offset is 0 but for a segment a recording file lends
   * @param discard deletes the file, after its writes
   */
  LiveSegment(String name, SegmentInfo info, Path file, CompletableFuture<Long> written, Runnable discard) {
    this.name = name;
    this.info = info;
    this.file = file;
    this.written = written;
    this.discard = discard;
  }

  public String name() {
    return name;
  }

  public SegmentInfo info() {
    return info;
  }

  /** Bytes of TS in the segment. */
  public long size() {
    return info.sizeBytes();
  }

  /** The file holding the segment's bytes once {@link #written()} completed. */
  public Path file() {
    return file;
  }

  /**
   * Completes with the segment's offset in {@link #file()} once its bytes are all there; fails when the spool (or
   * the recording lending them) could not write them.
   */
  public CompletionStage<Long> written() {
    return written;
  }

  /** True once the muxer let go of the segment: its file is deleted or about to be. */
  public boolean released() {
    return released;
  }

  /** Lets go of the segment: its file is deleted after its last write. Idempotent. */
  synchronized void release() {
    if (!released) {
      released = true;
      discard.run();
    }
  }

  @Override
  public String toString() {
    return "LiveSegment[" + name + " " + size() + " bytes]";
  }
}
