package dev.edgerelay.media.ts;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.codec.AdtsHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a stream of {@link MediaUnit}s into MPEG-TS segments written to a {@link SegmentSink}. The rules,
 * each with its reason:
 * <ul>
 *   <li>A video program starts at its first keyframe and cuts only on a keyframe once the target
 *       duration is reached, so every segment decodes on its own; an audio-only program cuts on time.
 *   <li>A cut falls between units, never inside an access unit; batched audio is flushed first.
 *   <li>A timestamp that steps back, or forward by more than the allowed jump, is a source restart:
 *       the segment ends there and the next one is marked as a discontinuity, so no segment ever has
 *       a negative or huge duration.
 *   <li>Duration and byte caps force a cut even between keyframes (the recorder's objects are at most 8 MB).
 * </ul>
 * Takes ownership of each unit. Not thread-safe: one stream, one event loop.
 */
public final class TsSegmenter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TsSegmenter.class);
  /** Upper bound of what the muxer prepends to a video access unit (AUD) beyond its parameter sets. */
  private static final int VIDEO_PREFIX_ALLOWANCE = 64;
  /** Packets a unit may add beyond its PES: PAT+PMT repetition or a PCR-only packet. */
  private static final int EXTRA_PACKETS_PER_UNIT = 2;
  /** Largest adaptation field before a PES header (flags + PCR). */
  private static final int MAX_ADAPTATION_FIELD = 8;

  private enum State { WAITING_FOR_KEYFRAME, IN_SEGMENT, CLOSED }

  private final TsProgram program;
  private final SegmenterOptions options;
  private final ByteBufAllocator alloc;
  private final SegmentSink sink;
  private final TsMuxer muxer;
  private State state = State.WAITING_FOR_KEYFRAME;
  private ByteBuf chunk;
  private long sequence;
  private boolean pendingDiscontinuity;
  private long lastVideoDts = Long.MIN_VALUE;
  private long lastAudioDts = Long.MIN_VALUE;
  private long lastTimingDelta;
  private long droppedUnits;
  // the open segment
  private long startPts;
  private long endPts;
  private boolean startsWithKeyframe;
  private long wallClockStart;
  private boolean discontinuity;
  private long handedOffBytes;
  private long estimatedBytes;
  private long units;

  public TsSegmenter(TsProgram program, SegmenterOptions options, ByteBufAllocator alloc, SegmentSink sink) {
    this.program = program;
    this.options = options.validate();
    this.alloc = alloc;
    this.sink = sink;
    this.muxer = new TsMuxer(program, alloc);
    this.sequence = options.firstSequence();
  }

  /** Units dropped: before the first keyframe, too large for a segment, or refused by the muxer. */
  public long droppedUnits() {
    return droppedUnits + muxer.droppedUnits();
  }

  /** The sequence number the next segment will get. */
  public long nextSequence() {
    return sequence;
  }

  /** Feeds one unit (taking ownership). */
  public void accept(MediaUnit unit) {
    if (state == State.CLOSED) {
      unit.release();
      return;
    }
    long dts = unit.timebase().convert(unit.dts(), Timebase.MPEG_90K);
    long pts = unit.timebase().convert(unit.pts(), Timebase.MPEG_90K);
    boolean timing = program.hasVideo() == (unit.track() == Track.VIDEO);
    if (isRestart(unit.track(), dts)) {
      LOG.info("timestamp jump on {} to {} (90 kHz): source restart, next segment is a discontinuity", unit.track(), dts);
      endAfterRestart();
    }
    if (timing) {
      long last = unit.track() == Track.VIDEO ? lastVideoDts : lastAudioDts;
      lastTimingDelta = last == Long.MIN_VALUE ? lastTimingDelta : dts - last;
    }
    if (unit.track() == Track.VIDEO) {
      lastVideoDts = dts;
    } else {
      lastAudioDts = dts;
    }
    long estimate = estimateTsBytes(unit);
    if (estimate + 2L * TsPacket.SIZE > options.maxBytes()) {
      drop(unit, "a single unit of " + unit.payload().readableBytes() + " bytes cannot fit the segment cap");
      return;
    }
    if (state == State.WAITING_FOR_KEYFRAME) {
      if (program.hasVideo() && !(unit.track() == Track.VIDEO && unit.keyframe())) {
        drop(unit, "waiting for a keyframe to start a segment");
        return;
      }
      startSegment(unit, pts);
    } else if (shouldCut(unit, timing, pts, estimate)) {
      endSegment(timing ? pts : endPts);
      startSegment(unit, pts);
    }
    if (timing) {
      endPts = Math.max(endPts, pts + Math.max(0, lastTimingDelta));
    }
    estimatedBytes += estimate;
    units++;
    muxer.write(unit, chunk);
    if (chunk.readableBytes() >= options.chunkBytes()) {
      handOffChunk();
      chunk = alloc.buffer(options.chunkBytes() + options.chunkBytes() / 4);
    }
  }

  /** End of stream (or of a source session): closes the open segment; the next unit starts a new one after a discontinuity. */
  public void finish() {
    if (state == State.IN_SEGMENT) {
      endSegment(endPts);
      pendingDiscontinuity = true;
      muxer.markDiscontinuity();
      state = State.WAITING_FOR_KEYFRAME;
    }
  }

  /**
   * Hands the open segment's bytes so far to the sink now (batched audio flushed first) and goes on with the same
   * segment: a listener that leaves mid-segment (a recorder stopping) gets everything up to here. Returns the open
   * segment's progress (start, duration so far, bytes so far), or null when no segment is open.
   */
  public SegmentInfo handOffNow() {
    if (state != State.IN_SEGMENT) {
      return null;
    }
    muxer.flush(chunk);
    handOffChunk();
    chunk = alloc.buffer(options.chunkBytes() + options.chunkBytes() / 4);
    return new SegmentInfo(sequence, startPts, Math.max(0, endPts - startPts), handedOffBytes, startsWithKeyframe,
        wallClockStart, discontinuity);
  }

  /** Abandons the open segment (the sink is told to discard it) and releases everything. Idempotent. */
  @Override
  public void close() {
    if (state == State.CLOSED) {
      return;
    }
    if (state == State.IN_SEGMENT) {
      chunk.release();
      chunk = null;
      sink.abort();
    }
    muxer.close();
    state = State.CLOSED;
  }

  private boolean isRestart(Track track, long dts) {
    long last = track == Track.VIDEO ? lastVideoDts : lastAudioDts;
    return last != Long.MIN_VALUE && (dts < last || dts - last > options.maxTimestampJump90k());
  }

  private void endAfterRestart() {
    if (state == State.IN_SEGMENT) {
      endSegment(endPts);
      state = State.WAITING_FOR_KEYFRAME;
    }
    pendingDiscontinuity = true;
    muxer.markDiscontinuity();
    lastVideoDts = Long.MIN_VALUE;
    lastAudioDts = Long.MIN_VALUE;
    lastTimingDelta = 0;
  }

  private boolean shouldCut(MediaUnit unit, boolean timing, long pts, long estimate) {
    if (estimatedBytes + estimate > options.maxBytes()) {
      return true;
    }
    if (!timing) {
      return false;
    }
    long elapsed = pts - startPts;
    if (elapsed >= options.maxDuration90k()) {
      return true;
    }
    return elapsed >= options.targetDuration90k() && (unit.keyframe() || !program.hasVideo());
  }

  private void startSegment(MediaUnit first, long pts) {
    startsWithKeyframe = first.keyframe() && first.track() == (program.hasVideo() ? Track.VIDEO : Track.AUDIO);
    discontinuity = pendingDiscontinuity;
    pendingDiscontinuity = false;
    sink.open(new PartStart(sequence, pts, startsWithKeyframe, discontinuity));
    chunk = alloc.buffer(options.chunkBytes() + options.chunkBytes() / 4);
    muxer.writeTables(chunk);
    startPts = pts;
    endPts = pts;
    wallClockStart = first.receivedAtMillis();
    handedOffBytes = 0;
    units = 0;
    estimatedBytes = 2L * TsPacket.SIZE;
    state = State.IN_SEGMENT;
  }

  private void endSegment(long end) {
    muxer.flush(chunk);
    long size = handedOffBytes + chunk.readableBytes();
    handOffChunk();
    chunk = null;
    sink.close(new SegmentInfo(sequence++, startPts, Math.max(0, end - startPts), size, startsWithKeyframe,
        wallClockStart, discontinuity), units);
  }

  private void handOffChunk() {
    handedOffBytes += chunk.readableBytes();
    sink.write(chunk);
  }

  /** An upper bound of the TS bytes a unit becomes, so a cut happens before a cap would be passed. */
  private static long estimateTsBytes(MediaUnit unit) {
    int es = unit.payload().readableBytes() + (unit.track() == Track.VIDEO
        ? VIDEO_PREFIX_ALLOWANCE + (unit.config() != null ? unit.config().length() : 0)
        : AdtsHeader.LENGTH);
    long packets = (es + PesHeader.size(true) + MAX_ADAPTATION_FIELD + TsPacket.PAYLOAD_SIZE - 1) / TsPacket.PAYLOAD_SIZE;
    return (packets + EXTRA_PACKETS_PER_UNIT) * TsPacket.SIZE;
  }

  private void drop(MediaUnit unit, String why) {
    droppedUnits++;
    LOG.debug("dropped {}: {}", unit, why);
    unit.release();
  }
}
