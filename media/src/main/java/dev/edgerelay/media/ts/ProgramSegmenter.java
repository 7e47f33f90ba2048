package dev.edgerelay.media.ts;

import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.Track;
import java.time.Duration;
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
  /**
   * Default of the audio-only rule: audio without any video for this long makes the program audio-only. An
   * origin such as nginx-rtmp sends a new subscriber audio at once and video only from the next keyframe, up to
   * a whole GOP later (x264's default GOP is 250 frames, 10 s at 25 fps), so anything near a GOP would ship a
   * first segment without video to a video channel, which hls.js cannot append (see docs/architecture.md).
   */
  public static final Duration DEFAULT_AUDIO_ONLY_AFTER = Duration.ofSeconds(12);
  /**
   * How long the first program waits for audio from its first keyframe: a source often sends its first keyframe a
   * moment before its first audio (an origin replaying its cached GOP does), and the first segment's PMT should list
   * every track the later ones carry (players and the MP4 export take the track list from it). The units from that
   * keyframe on are held meanwhile, so the wait costs no video: the first segment still starts at the first
   * keyframe and a cold start is not one GOP longer. A reader of a running stream gets the stream's last audio unit
   * before its first keyframe (see {@code media.stream.StreamReader}), so it does not wait.
   */
  static final long AUDIO_WAIT_90K = 90_000;
  /** Units held at most while the first keyframe waits for audio: a second of 60 fps video and its audio. */
  static final int MAX_HELD_UNITS = 256;

  private final BiFunction<TsProgram, Long, TsSegmenter> factory;
  private final long audioOnlyAfter90k;
  private TsSegmenter segmenter;
  private TsProgram program;
  private CodecConfig videoConfig;
  private boolean seenAudio;
  private boolean seenVideo;
  private long firstAudioDts90k = Long.MIN_VALUE;
  private long firstVideoDts90k = Long.MIN_VALUE;
  private long programChanges;
  private long heldAudioUnits;
  /** The first keyframe and what followed it, while the first program waits for audio ({@link #AUDIO_WAIT_90K}). */
  private final ArrayDeque<MediaUnit> waiting = new ArrayDeque<>();

  /**
   * @param factory makes a segmenter for a program, numbering its segments from the given sequence
   */
  public ProgramSegmenter(BiFunction<TsProgram, Long, TsSegmenter> factory) {
    this(factory, DEFAULT_AUDIO_ONLY_AFTER);
  }

  /**
   * @param factory makes a segmenter for a program, numbering its segments from the given sequence
   * @param audioOnlyAfter audio without any video for this long (in media time) makes the program audio-only;
   *     until then audio before the first keyframe is dropped and counted in {@link #heldAudioUnits()}
   */
  public ProgramSegmenter(BiFunction<TsProgram, Long, TsSegmenter> factory, Duration audioOnlyAfter) {
    if (audioOnlyAfter.isNegative() || audioOnlyAfter.isZero()) {
      throw new IllegalArgumentException("audioOnlyAfter must be positive, was " + audioOnlyAfter);
    }
    this.factory = factory;
    this.audioOnlyAfter90k = audioOnlyAfter.toMillis() * 90;
  }

  /** Takes ownership of {@code unit}. Returns true when this unit started a new program after an earlier one. */
  public boolean accept(MediaUnit unit) {
    boolean video = unit.track() == Track.VIDEO;
    seenVideo |= video;
    seenAudio |= !video;
    if (program == null && (!waiting.isEmpty() || (video && unit.keyframe() && !seenAudio))) {
      return waitForAudio(unit);
    }
    boolean changed = false;
    if (video && unit.keyframe() && needsNewProgram(unit)) {
      changed = startProgram(new TsProgram(unit.codec(), seenAudio));
      videoConfig = unit.config();
    } else if (segmenter == null && !video && audioOnlyDecided(unit)) {
      changed = startProgram(new TsProgram(null, true));
    }
    if (segmenter == null || (!video && !program.audio()) || (video && !program.hasVideo())) {
      if (segmenter == null && !video) {
        heldAudioUnits++;
      }
      unit.release();
      return changed;
    }
    segmenter.accept(unit);
    return changed;
  }

  /**
   * Before the first program, from a first keyframe that came before any audio: holds the units until audio comes
   * (the program carries it) or {@link #AUDIO_WAIT_90K} of video passed (it does not), then starts the program at
   * that keyframe and feeds what was held.
   */
  private boolean waitForAudio(MediaUnit unit) {
    boolean video = unit.track() == Track.VIDEO;
    long dts = dts90k(unit);
    if (waiting.isEmpty()) {
      firstVideoDts90k = dts;
    }
    waiting.add(unit);
    boolean waitedEnough = video && dts - firstVideoDts90k >= AUDIO_WAIT_90K;
    if (seenAudio || waitedEnough || waiting.size() >= MAX_HELD_UNITS) {
      startHeldProgram();
    }
    return false;
  }

  /** Starts the first program at the held keyframe, with audio when any came, and feeds the held units. */
  private void startHeldProgram() {
    MediaUnit keyframe = waiting.peekFirst();
    startProgram(new TsProgram(keyframe.codec(), seenAudio));
    videoConfig = keyframe.config();
    for (MediaUnit held; (held = waiting.pollFirst()) != null; ) {
      if (held.track() == Track.VIDEO || program.audio()) {
        segmenter.accept(held);
      } else {
        held.release();
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
    return dts - firstAudioDts90k >= audioOnlyAfter90k;
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
    if (!waiting.isEmpty()) {
      startHeldProgram(); // what came before the restart is kept, as a program of the tracks seen so far
    }
    if (segmenter != null) {
      segmenter.finish();
    }
  }

  /** See {@link TsSegmenter#handOffNow()}: the open segment's bytes so far go to its sink now. Null when none is open. */
  public SegmentInfo handOffNow() {
    return segmenter == null ? null : segmenter.handOffNow();
  }

  /** Ends the open segment and releases the segmenter. */
  public void finish() {
    if (!waiting.isEmpty()) {
      startHeldProgram(); // the stream's last second is published, not lost
    }
    if (segmenter != null) {
      segmenter.finish();
      segmenter.close();
      segmenter = null;
    }
  }

  /** Units the current segmenter dropped (before the first keyframe, over a cap). */
  public long droppedUnits() {
    return segmenter == null ? 0 : segmenter.droppedUnits();
  }

  /**
   * Audio units dropped before the first program because neither a keyframe had come nor the audio-only rule
   * had decided: the price of never starting a video channel with an audio-only segment.
   */
  public long heldAudioUnits() {
    return heldAudioUnits;
  }

  public long programChanges() {
    return programChanges;
  }
}
