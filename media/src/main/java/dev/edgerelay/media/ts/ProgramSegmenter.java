package dev.edgerelay.media.ts;

import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.Track;
import java.util.ArrayDeque;
import java.util.function.BiFunction;

/**
 * Cuts a stream's units into segments of a {@link TsSegmenter} whose program follows the media: the PMT of a
 * segmenter is fixed, so when the video codec or its configuration changes, or audio appears after the
 * program was announced, the segment ends and a new segmenter starts at the next keyframe. Live HLS and
 * the recorder both cut their segments through this. It decides only from the units it receives, in their
 * order, never from the source's present state: a reader that lags sees the same program changes as one
 * that keeps up. Not thread-safe: one reader executor.
 */
public final class ProgramSegmenter {
  /** Audio seen without any video for this long makes the program audio-only (90 kHz). */
  static final long AUDIO_ONLY_DECISION_90K = 90_000;
  /**
   * How long the first program waits for the audio configuration after its first keyframe: a reader starts
   * at a keyframe and a source often sends its audio a moment later, and the first segment's PMT should list
   * every track the later ones carry (players and the MP4 export take the track list from it). The units
   * meanwhile are held, so the first segment still starts at that keyframe.
   */
  static final long AUDIO_WAIT_90K = 90_000;
  /** Units held at most while waiting for audio; past it the first program starts without audio. */
  static final int MAX_HELD_UNITS = 256;

  private final BiFunction<TsProgram, Long, TsSegmenter> factory;
  private final ArrayDeque<MediaUnit> held = new ArrayDeque<>();
  private TsSegmenter segmenter;
  private TsProgram program;
  private CodecConfig videoConfig;
  private boolean seenAudio;
  private boolean seenVideo;
  private long firstAudioDts90k = Long.MIN_VALUE;
  private long programChanges;

  /**
   * @param factory makes a segmenter for a program, numbering its segments from the given sequence
   */
  public ProgramSegmenter(BiFunction<TsProgram, Long, TsSegmenter> factory) {
    this.factory = factory;
  }

  /** Takes ownership of {@code unit}. Returns true when this unit started a new program after an earlier one. */
  public boolean accept(MediaUnit unit) {
    boolean video = unit.track() == Track.VIDEO;
    seenVideo |= video;
    seenAudio |= !video;
    if (!held.isEmpty() || (program == null && video && unit.keyframe() && !seenAudio)) {
      hold(unit);
      return false;
    }
    return feed(unit);
  }

  private boolean feed(MediaUnit unit) {
    boolean changed = false;
    if (unit.track() == Track.VIDEO && unit.keyframe() && needsNewProgram(unit)) {
      changed = startProgram(new TsProgram(unit.codec(), seenAudio));
      videoConfig = unit.config();
    } else if (segmenter == null && unit.track() == Track.AUDIO && audioOnlyDecided(unit)) {
      changed = startProgram(new TsProgram(null, true));
    }
    if (segmenter == null || (unit.track() == Track.AUDIO && !program.audio())
        || (unit.track() == Track.VIDEO && !program.hasVideo())) {
      unit.release();
      return changed;
    }
    segmenter.accept(unit);
    return changed;
  }

  /** Holds units from the first keyframe until audio shows up or the wait is over, then feeds them in order. */
  private void hold(MediaUnit unit) {
    held.add(unit);
    long waited = dts90k(held.peekLast()) - dts90k(held.peekFirst());
    if (seenAudio || waited >= AUDIO_WAIT_90K || held.size() >= MAX_HELD_UNITS) {
      for (MediaUnit u; (u = held.pollFirst()) != null; ) {
        feed(u);
      }
    }
  }

  private static long dts90k(MediaUnit unit) {
    return unit.timebase().convert(unit.dts(), Timebase.MPEG_90K);
  }

  private boolean needsNewProgram(MediaUnit keyframe) {
    if (program == null || !program.hasVideo() || program.video() != keyframe.codec()) {
      return true;
    }
    if (!program.audio() && seenAudio) {
      return true; // audio appeared after the program was announced: the PMT must list it
    }
    return videoConfig != null && keyframe.config() != null && !videoConfig.sameAs(keyframe.config());
  }

  private boolean audioOnlyDecided(MediaUnit audio) {
    if (seenVideo) {
      return false;
    }
    long dts = dts90k(audio);
    if (firstAudioDts90k == Long.MIN_VALUE) {
      firstAudioDts90k = dts;
    }
    return dts - firstAudioDts90k >= AUDIO_ONLY_DECISION_90K;
  }

  private boolean startProgram(TsProgram next) {
    long sequence = 0;
    boolean replaced = segmenter != null;
    if (replaced) {
      segmenter.finish(); // closes the open segment first, so the numbering continues after it
      sequence = segmenter.nextSequence();
      segmenter.close();
      programChanges++;
    }
    program = next;
    segmenter = factory.apply(next, sequence);
    return replaced;
  }

  /** The source restarted: the open segment ends and the next one is marked as a discontinuity. */
  public void sourceRestarted() {
    releaseHeld(); // units of the old connection: the next keyframe starts over
    if (segmenter != null) {
      segmenter.finish();
    }
  }

  /** Ends the open segment and releases the segmenter. */
  public void finish() {
    releaseHeld();
    if (segmenter != null) {
      segmenter.finish();
      segmenter.close();
      segmenter = null;
    }
  }

  private void releaseHeld() {
    for (MediaUnit u; (u = held.pollFirst()) != null; ) {
      u.release();
    }
  }

  /** Units the current segmenter dropped (before the first keyframe, over a cap). */
  public long droppedUnits() {
    return segmenter == null ? 0 : segmenter.droppedUnits();
  }

  public long programChanges() {
    return programChanges;
  }
}
