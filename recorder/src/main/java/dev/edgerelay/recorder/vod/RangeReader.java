package dev.edgerelay.recorder.vod;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.ts.TsDemuxer;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.SegmentStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the recorded segments of a time range in order, a chunk at a time, and demuxes them into units
 * on one timeline (spec 4.1 rvod played as one stream): segment {@code i} starts at the sum of the
 * indexed durations before it, so the timeline starts at 0, gaps between recordings vanish, and a
 * seek lands on a segment start (a keyframe). Timestamps are milliseconds, never going back per track.
 * A segment whose file retention deleted after the lookup is skipped; its slot on the timeline stays
 * empty, so the timeline still matches the one seeks were computed on.
 *
 * <p>{@link #readChunk()} blocks (file I/O) and runs on a worker, one call at a time; {@link #close()}
 * may come from another thread meanwhile: the read in flight then releases what it made.
 */
public final class RangeReader implements Callable<RangeReader.Batch> {
  private static final Logger LOG = LoggerFactory.getLogger(RangeReader.class);

  /** Units read by one call, ordered by DTS; {@code end} once the last segment is consumed. */
  public record Batch(List<MediaUnit> units, boolean end) {
    public void release() {
      units.forEach(MediaUnit::release);
    }
  }

  private final SegmentStore store;
  private final List<SegmentRecord> segments;
  private final long[] starts;
  private final int chunkBytes;
  private final long[] lastOut = new long[Track.values().length];
  private int segment;
  private FileChannel file;
  private TsDemuxer demuxer;
  private long fileBase = Long.MIN_VALUE;
  private boolean reading;
  private boolean closed;

  /** Reads {@code segments} from {@code first} on, in reads of {@code chunkBytes} of TS. */
  public RangeReader(SegmentStore store, List<SegmentRecord> segments, int first, int chunkBytes) {
    this.store = store;
    this.segments = List.copyOf(segments);
    this.starts = timeline(segments);
    this.segment = first;
    this.chunkBytes = chunkBytes;
    Arrays.fill(lastOut, starts[first]);
  }

  /** Where each segment starts on the timeline, and (last element) where the range ends: its length. */
  public static long[] timeline(List<SegmentRecord> segments) {
    long[] starts = new long[segments.size() + 1];
    for (int i = 0; i < segments.size(); i++) {
      starts[i + 1] = starts[i] + segments.get(i).durationMillis();
    }
    return starts;
  }

  /** The segment holding {@code millis} of the timeline (the last one past the end). */
  public static int segmentAt(long[] starts, long millis) {
    int i = 0;
    while (i < starts.length - 2 && starts[i + 1] <= millis) {
      i++;
    }
    return i;
  }

  @Override
  public Batch call() throws IOException {
    return readChunk();
  }

  /** Reads until at least one unit comes out or the range ends. Blocking: a worker's job. */
  public Batch readChunk() throws IOException {
    synchronized (this) {
      if (closed) {
        return new Batch(List.of(), true);
      }
      reading = true;
    }
    List<MediaUnit> units = new ArrayList<>();
    boolean complete = false;
    try {
      while (units.isEmpty() && segment < segments.size()) {
        readFromSegment(units);
      }
      units.sort(Comparator.comparingLong(MediaUnit::dts)); // video PES end late: interleave by DTS again
      complete = true;
      return new Batch(units, segment >= segments.size());
    } finally {
      synchronized (this) {
        reading = false;
        if (closed || !complete) { // nobody will take these units: a close overtook the read, or it failed
          units.forEach(MediaUnit::release);
          units.clear();
        }
        if (closed) {
          closeFile();
        }
      }
    }
  }

  private void readFromSegment(List<MediaUnit> units) throws IOException {
    int index = segment;
    SegmentRecord s = segments.get(index);
    if (file == null) {
      try {
        file = FileChannel.open(store.file(s), StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        LOG.info("segment {} of {} is gone (retention): skipped", s.startMillis(), s.channel());
        segment++;
        return;
      }
      demuxer = new TsDemuxer(ByteBufAllocator.DEFAULT);
      fileBase = Long.MIN_VALUE;
    }
    List<MediaUnit> raw = new ArrayList<>();
    ByteBuf chunk = ByteBufAllocator.DEFAULT.heapBuffer(chunkBytes, chunkBytes);
    try {
      int n = chunk.writeBytes(file, chunkBytes);
      if (n > 0) {
        demuxer.feed(chunk, raw::add);
      }
      if (n < 0 || demuxer.failed()) {
        demuxer.finish(raw::add);
        if (demuxer.failed()) {
          LOG.warn("segment {} of {} is not readable TS: {}", s.startMillis(), s.channel(), demuxer.failure());
        }
        closeFile();
        segment++;
      }
    } finally {
      chunk.release();
    }
    place(raw, starts[index], units);
  }

  /** Moves units from the file's clock onto the range's timeline (see the class comment). */
  private void place(List<MediaUnit> raw, long start, List<MediaUnit> units) {
    if (raw.isEmpty()) {
      return;
    }
    if (fileBase == Long.MIN_VALUE) { // the segment's first keyframe starts it, as the segmenter measured it
      fileBase = raw.stream().filter(u -> u.track() == Track.VIDEO).mapToLong(RangeReader::dtsMillis).findFirst()
          .orElse(raw.stream().mapToLong(RangeReader::dtsMillis).min().getAsLong());
    }
    for (MediaUnit u : raw) {
      long dts = dtsMillis(u);
      long composition = u.timebase().convert(u.pts(), Timebase.MILLIS) - dts;
      int track = u.track().ordinal();
      long out = Math.max(start + dts - fileBase, lastOut[track]);
      lastOut[track] = out;
      units.add(new MediaUnit(u.codec(), Timebase.MILLIS, out, out + composition, u.keyframe(), u.config(),
          u.content(), u.receivedAtMillis()));
    }
  }

  private static long dtsMillis(MediaUnit u) {
    return u.timebase().convert(u.dts(), Timebase.MILLIS);
  }

  private void closeFile() {
    if (demuxer != null) {
      demuxer.close();
      demuxer = null;
    }
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        LOG.debug("closing a segment file: {}", e.toString());
      }
      file = null;
    }
  }

  /** Stops reading: the file and demuxer close now, or at the end of the read in flight. */
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (reading) {
        return;
      }
    }
    closeFile();
  }
}
