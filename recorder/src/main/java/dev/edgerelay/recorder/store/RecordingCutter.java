package dev.edgerelay.recorder.store;

import dev.edgerelay.media.ts.PartListener;
import dev.edgerelay.media.ts.PartStart;
import dev.edgerelay.media.ts.SegmentInfo;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Joins a live muxer's parts into the recorder's longer segment files, so a channel is muxed once and its
 * recording holds exactly the bytes live HLS serves (docs/architecture.md, "Recording"). The parts of one
 * segmenter are one continuous TS stream (continuity counters and PCR run on), so consecutive parts appended to
 * one file are a playable file. The rules, each with its reason:
 * <ul>
 *   <li>A file opens only at a part that starts with a keyframe, so it decodes on its own (at attach, after a
 *       discontinuity, after parts were skipped); the one exception is the part right after a cap forced a cut,
 *       as the segmenter itself cuts between keyframes at its caps.
 *   <li>A file closes at the first part boundary where it reached the target duration and the next part starts
 *       with a keyframe; before a part that would take it past the duration or byte cap (judged by the largest
 *       part so far); at a discontinuity (the next file is marked as one, continuity counters restart there);
 *       when the disk falls behind ({@link DiskBacklog}); when the recorder detaches (with the open part's bytes
 *       so far) and when the stream ends.
 *   <li>A closed file's {@link SegmentInfo} is built from its parts': start of the first, sum of the durations
 *       and sizes, the first's keyframe and wall clock.
 * </ul>
 * Writes through a {@link SegmentFileSink} (crash-safe {@code .part} file, bounded bytes in flight, index
 * commit). Called on the live muxer's thread only.
 */
public final class RecordingCutter implements PartListener {
  private final SegmentFileSink sink;
  private final DiskBacklog backlog;
  private final long target90k;
  private final long maxDuration90k;
  private final long maxBytes;
  private final Consumer<String> stopped;
  private boolean done;
  /** Parts were left out since the last file: the next file is a discontinuity. */
  private boolean gapBefore;
  private long largestPart90k;
  private long largestPartBytes;
  // the part
  private boolean partInFile;
  private boolean partSkippedForDisk;
  /** The part's bytes are lent to the live window ({@link #lendOpenPart}): told when its last one is written. */
  private boolean partLent;
  // the open file
  private boolean fileOpen;
  private long fileSequence;
  private int fileParts;
  private long fileStartPts90k;
  private long fileDuration90k;
  private long fileBytes;
  private boolean fileKeyframe;
  private long fileWallClock;
  private boolean fileDiscontinuity;

  /**
   * @param target90k a file closes at the first keyframe part at or after this duration
   * @param maxDuration90k and before a part that would take it past this one
   * @param maxBytes or past this size
   * @param stopped told once why recording through this cutter stopped: the stream ended, or a call threw
   */
  public RecordingCutter(SegmentFileSink sink, DiskBacklog backlog, long target90k, long maxDuration90k, long maxBytes,
      Consumer<String> stopped) {
    this.sink = sink;
    this.backlog = backlog;
    this.target90k = target90k;
    this.maxDuration90k = maxDuration90k;
    this.maxBytes = maxBytes;
    this.stopped = stopped;
  }

  @Override
  public void open(long sequence) {
    open(new PartStart(sequence, 0, false, false)); // told no start: not one to open a file at
  }

  @Override
  public void open(PartStart start) {
    partInFile = false;
    partSkippedForDisk = false;
    partLent = false;
    if (done) {
      return;
    }
    switch (backlog.admitPart(start.keyframe(), sink)) {
      case CUT, SKIP -> {
        closeFile();
        gapBefore = true;
        partSkippedForDisk = true;
        return;
      }
      case WRITE -> { }
    }
    boolean discontinuity = start.discontinuity() || gapBefore;
    boolean forced = false;
    if (fileOpen) {
      forced = fileDuration90k + largestPart90k > maxDuration90k || fileBytes + largestPartBytes > maxBytes;
      if (!discontinuity && !forced && !(fileDuration90k >= target90k && start.keyframe())) {
        partInFile = true; // the file goes on
        return;
      }
      closeFile();
    }
    if (!start.keyframe() && !(forced && !discontinuity)) {
      gapBefore = true; // waits for a part that decodes on its own
      return;
    }
    sink.open(new PartStart(fileSequence, start.startPts90k(), start.keyframe(), discontinuity));
    fileOpen = true;
    fileParts = 0;
    fileDuration90k = 0;
    fileBytes = 0;
    fileKeyframe = start.keyframe();
    fileDiscontinuity = discontinuity;
    gapBefore = false;
    partInFile = true;
  }

  /** A part this cutter puts in its file whole is lent: the live window links to it instead of writing it again. */
  @Override
  public CompletionStage<Long> lendOpenPart(Path link) {
    if (!partInFile || partLent) {
      return null;
    }
    CompletionStage<Long> stage = sink.lendPart(link);
    partLent = stage != null;
    return stage;
  }

  @Override
  public void write(ByteBuf chunk) {
    if (partInFile) {
      sink.write(chunk);
    } else {
      chunk.release();
    }
  }

  @Override
  public void close(SegmentInfo info) {
    close(info, 0);
  }

  @Override
  public void close(SegmentInfo info, long units) {
    largestPart90k = Math.max(largestPart90k, info.duration90k());
    largestPartBytes = Math.max(largestPartBytes, info.sizeBytes());
    if (partInFile) {
      addPart(info);
      if (partLent) {
        sink.partWritten();
      }
    } else if (partSkippedForDisk) {
      backlog.skipped(units);
    }
    partInFile = false;
    partLent = false;
  }

  /** The live segmenter abandoned the part (it was closed mid-part): the file holds a part cut short, so it goes. */
  @Override
  public void abort() {
    if (partInFile) {
      sink.abort();
      fileOpen = false;
      gapBefore = true;
    }
    partInFile = false;
  }

  @Override
  public void detached(SegmentInfo tail) {
    if (partInFile && tail != null) {
      addPart(tail);
    }
    finish();
  }

  @Override
  public void ended() {
    finish();
    stopped.accept("the stream ended");
  }

  @Override
  public void failed(RuntimeException error) {
    if (fileOpen) {
      sink.abort(); // in an unknown state: the .part goes, the index never names it
      fileOpen = false;
    }
    done = true;
    stopped.accept("recording threw " + error);
  }

  private void finish() {
    if (partInFile && fileParts == 0) {
      sink.abort(); // not one part's bytes are accounted for
      fileOpen = false;
    }
    partInFile = false;
    closeFile();
    done = true;
  }

  private void addPart(SegmentInfo part) {
    if (fileParts++ == 0) {
      fileStartPts90k = part.startPts90k();
      fileWallClock = part.wallClockStartMillis();
    }
    fileDuration90k += part.duration90k();
    fileBytes += part.sizeBytes();
  }

  private void closeFile() {
    if (!fileOpen) {
      return;
    }
    fileOpen = false;
    sink.close(new SegmentInfo(fileSequence++, fileStartPts90k, fileDuration90k, fileBytes, fileKeyframe,
        fileWallClock, fileDiscontinuity));
  }
}
