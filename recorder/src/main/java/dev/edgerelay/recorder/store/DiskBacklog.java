package dev.edgerelay.recorder.store;

import dev.edgerelay.recorder.ChannelRef;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, part by part, what a channel's recording does when its disk falls behind, so that no segment on disk
 * ever has a hole: once the bytes queued for the disk reach half the sink's bound at a part boundary, the open
 * segment is closed there ({@link Admission#CUT}), parts are skipped while the disk catches up, and recording
 * resumes at the next part that starts with a keyframe as a new segment marked as a discontinuity, as after a
 * source restart. The other half of the bound is headroom for the part being written when the bound is reached
 * (a live part: about 2 s of media), so the sink never has to refuse a chunk of a segment it keeps.
 *
 * <p>One per channel, kept across restarts of its recorder so the counts are the channel's; decisions are
 * made on the live muxer's event loop, the counts may be read from any thread. Logs once per episode: when
 * the disk falls behind, and when it has caught up with how many units were skipped.
 */
public final class DiskBacklog {
  private static final Logger LOG = LoggerFactory.getLogger(DiskBacklog.class);

  /** What the recorder does with a unit. */
  public enum Admission {
    /** Record the part. */
    WRITE,
    /** End the open segment before this part and skip the part: the disk fell behind. */
    CUT,
    /** Skip the part: the disk is still catching up, or the next segment waits for a part with a keyframe. */
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
  private long episodeSkipped;

  public DiskBacklog(ChannelRef channel) {
    this.channel = channel;
  }

  /** Segments closed early because the disk fell behind. */
  public long earlyCuts() {
    return earlyCuts;
  }

  /** Units not recorded because the disk was behind (the units of the parts from each early cut to the part that resumed). */
  public long skippedUnits() {
    return skippedUnits;
  }

  /** Segments discarded whole because a chunk would have passed the sink's bound: the early cut came too late. */
  public long abandonedSegments() {
    return abandonedSegments;
  }

  /**
   * Told by the sink, on the event loop, that it discarded the open segment whole: the segment is cut at the next
   * part and parts are skipped until the disk catches up, as after an early cut.
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

  /**
   * Decides for the part starting now ({@code keyframe}: it starts with one), whose bytes would go to {@code sink}.
   * The units of a part skipped are counted with {@link #skipped} once the part is complete.
   */
  public Admission admitPart(boolean keyframe, SegmentFileSink sink) {
    long queued = sink.inFlightBytes();
    if (cutNext) {
      cutNext = false;
      return Admission.CUT;
    }
    if (!skipping) {
      if (queued < cutAtBytes(sink)) {
        return Admission.WRITE;
      }
      skipping = true;
      episodeSkipped = 0;
      earlyCuts++;
      LOG.warn("{}: the disk is behind by {} bytes: segment closed early, skipping parts until it catches up",
          channel, queued);
      return Admission.CUT;
    }
    if (queued <= resumeAtBytes(sink) && keyframe) { // a segment must start at a keyframe
      skipping = false;
      LOG.info("{}: the disk caught up: {} units skipped, recording resumes with a discontinuity", channel,
          episodeSkipped);
      return Admission.WRITE;
    }
    return Admission.SKIP;
  }

  /** A part skipped by a {@link Admission#CUT} or {@link Admission#SKIP} is complete: it held {@code units}. */
  public void skipped(long units) {
    episodeSkipped += units;
    skippedUnits += units;
  }
}
