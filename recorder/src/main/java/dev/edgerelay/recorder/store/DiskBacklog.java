package dev.edgerelay.recorder.store;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import dev.edgerelay.recorder.ChannelRef;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, unit by unit, what a channel's recording does when its disk falls behind, so that no segment
 * on disk ever has a hole: once the bytes queued for the disk reach half the sink's bound, the open segment
 * is closed early at the last whole unit ({@link Admission#CUT}), units are skipped while the disk catches
 * up, and recording resumes at the next video keyframe as a new segment marked as a discontinuity, as after
 * a source restart. The other half of the bound is headroom for the bytes the segmenter still holds (its
 * open chunk, one unit), so the sink never has to refuse a chunk of a segment it keeps.
 *
 * <p>One per channel, kept across restarts of its recorder so the counts are the channel's; decisions are
 * made on the recorder's event loop, the counts may be read from any thread. Logs once per episode: when
 * the disk falls behind, and when it has caught up with how many units were skipped.
 */
public final class DiskBacklog {
  private static final Logger LOG = LoggerFactory.getLogger(DiskBacklog.class);

  /** What the recorder does with a unit. */
  public enum Admission {
    /** Segment it. */
    WRITE,
    /** End the open segment now, at the last whole unit, and release this unit: the disk fell behind. */
    CUT,
    /** Release it: the disk is still catching up, or the next segment waits for a keyframe. */
    SKIP
  }

  private final ChannelRef channel;
  private volatile long earlyCuts;
  private volatile long skippedUnits;
  private volatile long abandonedSegments;
  /** Told each committed segment's write latency; metrics set it, by default nobody listens. */
  private volatile LongConsumer commitLatency = nanos -> {};
  // recorder's event loop only
  private boolean skipping;
  private boolean cutNext;
  private boolean sawVideo;
  private long episodeSkipped;

  public DiskBacklog(ChannelRef channel) {
    this.channel = channel;
  }

  /** Segments closed early because the disk fell behind. */
  public long earlyCuts() {
    return earlyCuts;
  }

  /** Units not recorded because the disk was behind (from each early cut to the keyframe that resumed). */
  public long skippedUnits() {
    return skippedUnits;
  }

  /** Segments discarded whole because a chunk would have passed the sink's bound: the early cut came too late. */
  public long abandonedSegments() {
    return abandonedSegments;
  }

  /**
   * Told by the sink, on the event loop, that it discarded the open segment whole: the rest of that segment is
   * cut at the next unit and units are skipped until the disk catches up, as after an early cut.
   */
  void abandoned() {
    abandonedSegments++;
    cutNext = true;
    if (!skipping) {
      skipping = true;
      episodeSkipped = 0;
      LOG.warn("{}: the disk is far behind: the open segment was discarded whole, skipping units until it catches up",
          channel);
    }
  }

  /**
   * {@code listener} hears, on the writer thread, how long each segment took from its close on the recorder's
   * event loop to its commit (data forced to disk, file renamed, index written), in nanoseconds: a segment that
   * waited behind the disk waited here too. It must not block.
   */
  public void onCommitLatency(LongConsumer listener) {
    commitLatency = listener;
  }

  /** Told by the sink, on the writer, once a segment is committed {@code nanos} after it was closed. */
  void committed(long nanos) {
    commitLatency.accept(nanos);
  }

  /** True while units are being skipped. */
  public boolean behind() {
    return skipping;
  }

  /** Bytes queued for the disk at or past which the open segment is cut: half of what the sink may queue. */
  public static long cutAtBytes(SegmentFileSink sink) {
    return sink.maxInFlightBytes() / 2;
  }

  /** Bytes queued for the disk at or under which recording resumes: a quarter, so one episode is one cut. */
  public static long resumeAtBytes(SegmentFileSink sink) {
    return sink.maxInFlightBytes() / 4;
  }

  /** Decides for {@code unit}, which is about to go to the segmenter writing to {@code sink}. */
  public Admission admit(MediaUnit unit, SegmentFileSink sink) {
    boolean video = unit.track() == Track.VIDEO;
    sawVideo |= video;
    long queued = sink.inFlightBytes();
    if (cutNext) {
      cutNext = false;
      episodeSkipped++;
      skippedUnits++;
      return Admission.CUT;
    }
    if (!skipping) {
      if (queued < cutAtBytes(sink)) {
        return Admission.WRITE;
      }
      skipping = true;
      episodeSkipped = 1;
      skippedUnits++;
      earlyCuts++;
      LOG.warn("{}: the disk is behind by {} bytes: segment closed early, skipping units until it catches up",
          channel, queued);
      return Admission.CUT;
    }
    // a segment of a video program must start at a keyframe; an audio-only one at any unit
    if (queued <= resumeAtBytes(sink) && (!sawVideo || (video && unit.keyframe()))) {
      skipping = false;
      LOG.info("{}: the disk caught up: {} units skipped, recording resumes with a discontinuity", channel,
          episodeSkipped);
      return Admission.WRITE;
    }
    episodeSkipped++;
    skippedUnits++;
    return Admission.SKIP;
  }
}
