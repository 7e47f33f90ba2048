package dev.edgerelay.relay.hls;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.hls.LivePlaylist;
import dev.edgerelay.media.hls.MediaPlaylist;
import dev.edgerelay.media.hls.PlaylistSegment;
import dev.edgerelay.media.ts.PartListener;
import dev.edgerelay.media.ts.SegmentInfo;
import dev.edgerelay.media.ts.SegmentTee;
import dev.edgerelay.media.ts.SegmenterOptions;
import dev.edgerelay.media.ts.TsSegmenter;
import dev.edgerelay.media.ts.ProgramSegmenter;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.media.stream.StreamListener;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Live HLS of one stream: a reader of the {@link Stream} that cuts keyframe-aligned TS
 * segments, keeps them as files of the {@link LiveSpool} under a byte bound, and maintains the sliding-window
 * playlist. Runs on its reader executor; HTTP handlers read {@link #playlist()} and {@link #segment} from
 * any thread.
 *
 * <p>Segment bytes go to the spool chunk by chunk as they are cut, so memory holds only the chunks on their way
 * to the page cache; the muxer lets go of each {@link LiveSegment} (its file deleted) on eviction and after an
 * ended stream's grace, and the byte bound counts the kept segments' bytes.
 *
 * <p>A source restart, a codec change or a new configuration ends the current segment and marks the
 * next one with EXT-X-DISCONTINUITY (RFC 8216 4.3.2.3), so players reset their decoders there.
 *
 * <p>At stream end the open segment is published and the playlist gets EXT-X-ENDLIST (RFC 8216 4.3.3.4);
 * the window stays served until {@link #releaseEnded()} (the owner's grace, RFC 8216 6.2.2). A stream that
 * comes back within the grace is muxed by a muxer made with {@link #continuing}: same playlist, numbering
 * going on, its first segment marked as a discontinuity.
 *
 * <p>The channel is muxed once: the recorder takes the same segments as parts ({@link #addPartListener}) through
 * a {@link SegmentTee} and joins them into its longer files, so it stores exactly the bytes served here.
 */
public final class HlsLiveMuxer implements StreamListener {
  private final Stream stream;
  private final HlsOptions options;
  private final ByteBufAllocator alloc;
  private final LiveSpool spool;
  private final Consumer<HlsLiveMuxer> onFirstSegment;
  private final Consumer<HlsLiveMuxer> onEnd;
  /** Unique per muxing session, so a player never mixes segments of two sessions with the same number. */
  private final String sessionId;
  private final LivePlaylist playlist;
  private final ConcurrentHashMap<String, LiveSegment> segments;
  private final ArrayDeque<LiveSegment> kept;
  private volatile long keptBytes;
  /** Sequence number the next segment gets: a continuing muxer's segmenter numbers on from it. */
  private long nextSequence;
  private final ProgramSegmenter segmenter;
  /** This muxer's segments go to its window and to the part listeners (the recorder). */
  private final SegmentTee parts = new SegmentTee();
  private int programs;
  private boolean discontinuityNext;
  private volatile PlaylistText snapshot;
  private volatile boolean ended;
  private volatile long segmentsMade;
  /** The segmenter's held-audio count, copied for readers on other threads (the admin API). */
  private volatile long heldAudioUnits;

  /**
   * @param onFirstSegment told once, when the first segment is complete (cold-start waiters)
   * @param onEnd told once, when the stream ended and the segments were let go
   */
  public HlsLiveMuxer(Stream stream, HlsOptions options, ByteBufAllocator alloc, LiveSpool spool,
      Consumer<HlsLiveMuxer> onFirstSegment, Consumer<HlsLiveMuxer> onEnd) {
    this(stream, options, alloc, spool, onFirstSegment, onEnd, null);
  }

  private HlsLiveMuxer(Stream stream, HlsOptions options, ByteBufAllocator alloc, LiveSpool spool,
      Consumer<HlsLiveMuxer> onFirstSegment, Consumer<HlsLiveMuxer> onEnd, HlsLiveMuxer previous) {
    this.stream = stream;
    this.options = options;
    this.alloc = alloc;
    this.spool = spool;
    this.onFirstSegment = onFirstSegment;
    this.onEnd = onEnd;
    if (previous == null) {
      int minTarget = (int) Math.max(1, Math.round(options.segmentMillis() / 1000.0));
      this.sessionId = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
      this.playlist = new LivePlaylist(options.window(), 0, minTarget);
      this.segments = new ConcurrentHashMap<>();
      this.kept = new ArrayDeque<>();
    } else {
      // the ended muxer no longer changes these (ended is volatile, written after its last change)
      this.sessionId = previous.sessionId;
      this.playlist = previous.playlist;
      this.segments = previous.segments;
      this.kept = previous.kept;
      this.keptBytes = previous.keptBytes;
      this.nextSequence = previous.nextSequence;
      this.discontinuityNext = true; // RFC 8216 4.3.2.3: another encoder, timestamps start over
    }
    long target90k = options.segmentMillis() * 90;
    long base = nextSequence;
    SpoolSegmentSink.Listener spooled = new SpoolSegmentSink.Listener() {
      @Override
      public void segment(LiveSegment segment) {
        segmentDone(segment);
      }

      @Override
      public void lost(SegmentInfo info) {
        discontinuityNext = true; // a hole in the timeline: players must not expect continuity across it
      }
    };
    this.segmenter = new ProgramSegmenter((program, firstSequence) -> {
      if (programs++ > 0) {
        parts.markDiscontinuity(); // a new program's muxer: continuity counters start over
      }
      return new TsSegmenter(program,
          new SegmenterOptions().setTargetDuration90k(target90k)
              .setMaxDuration90k(Math.max(target90k * 3, SegmenterOptions.DEFAULT_MAX_DURATION_90K))
              .setFirstSequence(Math.max(base, firstSequence)), // a new program numbers on from the last segment
          alloc, parts.around(spool.sink(sessionId, options.maxBytesPerStream(), spooled, parts::lendOpenPart)));
    });
  }

  /**
   * A muxer of {@code stream} that continues the ended {@code previous} one's playlist and takes over its
   * segments; {@code previous} must not be released afterwards. Its playlist text is null until its own
   * first segment, so new viewers wait for it while the old segments stay served.
   */
  public static HlsLiveMuxer continuing(HlsLiveMuxer previous, Stream stream, Consumer<HlsLiveMuxer> onFirstSegment,
      Consumer<HlsLiveMuxer> onEnd) {
    if (!previous.ended) {
      throw new IllegalStateException("only an ended muxer can be continued");
    }
    return new HlsLiveMuxer(stream, previous.options, previous.alloc, previous.spool, onFirstSegment, onEnd,
        previous);
  }

  public Stream stream() {
    return stream;
  }

  /** The current playlist, or null before the first segment is complete. */
  public MediaPlaylist playlist() {
    PlaylistText text = snapshot;
    return text == null ? null : text.playlist();
  }

  /** The current playlist's text, written when it last changed, or null before the first segment. */
  public PlaylistText playlistText() {
    return snapshot;
  }

  /** A segment by its file name, or null when it has slid out (or never existed). */
  public LiveSegment segment(String name) {
    return segments.get(name);
  }

  public boolean ended() {
    return ended;
  }

  public long segmentsMade() {
    return segmentsMade;
  }

  /**
   * Audio units this muxer dropped before its first keyframe (docs/architecture.md: a video channel's first
   * segment always has video); an origin that starts players audio-first, as nginx-rtmp does, makes it grow.
   */
  public long heldAudioUnits() {
    return heldAudioUnits;
  }

  /** Bytes of the kept segments, in the spool's files (the byte bound's measure). */
  public long bytesHeld() {
    return keptBytes;
  }

  @Override
  public void onUnit(MediaUnit unit) {
    if (ended) {
      unit.release();
      return;
    }
    if (segmenter.accept(unit)) {
      discontinuityNext = true; // a new program: players must reset their decoders (RFC 8216 4.3.2.3)
    }
    long held = segmenter.heldAudioUnits();
    if (held != heldAudioUnits) {
      heldAudioUnits = held;
    }
  }

  private void segmentDone(LiveSegment live) {
    String name = live.name();
    segments.put(name, live);
    kept.addLast(live);
    keptBytes += live.size();
    PlaylistSegment line = PlaylistSegment.of(live.info(), name);
    if (discontinuityNext && !line.discontinuity()) {
      line = new PlaylistSegment(line.uri(), line.duration90k(), true, line.programDateTimeMillis(), line.independent());
    }
    discontinuityNext = false;
    nextSequence = live.info().sequence() + 1;
    playlist.add(line);
    evict();
    snapshot = PlaylistText.of(playlist.snapshot()); // written once here, not per request
    segmentsMade++;
    if (segmentsMade == 1) {
      onFirstSegment.accept(this);
    }
  }

  /** Drops segments beyond the window plus the retained tail, and any beyond the byte bound. */
  private void evict() {
    int maxKept = options.window() + options.retainedAfterWindow();
    while (kept.size() > maxKept || (keptBytes > options.maxBytesPerStream() && kept.size() > 1)) {
      LiveSegment gone = kept.removeFirst();
      keptBytes -= gone.size();
      segments.remove(gone.name());
      gone.release(); // its file goes; a response that opened it already still sends it
    }
  }

  /**
   * {@code listener} takes this muxer's segments as parts from the next one's start on; told {@link
   * PartListener#ended} at once when the stream has ended. On the muxer's context.
   */
  public void addPartListener(PartListener listener) {
    if (ended) {
      listener.ended();
    } else {
      parts.add(listener);
    }
  }

  /**
   * Detaches {@code listener}; when it is taking the open part, that part's bytes so far are handed to it first
   * ({@link ProgramSegmenter#handOffNow}), so a stopping recorder keeps its tail. On the muxer's context.
   */
  public void removePartListener(PartListener listener) {
    if (!parts.attached(listener)) {
      return; // left already: at a part's end, or failed
    }
    SegmentInfo tail = parts.inPart(listener) ? segmenter.handOffNow() : null;
    parts.remove(listener);
    listener.detached(tail);
  }

  /**
   * Detaches {@code listener} once the part it is taking ends, so a stopping recorder keeps that part whole: the
   * live window keeps the part the recorder lent it instead of dropping a part cut short (docs/architecture.md,
   * "Live HLS"). At once when it takes no part. {@code left} runs after it was told. On the muxer's context.
   */
  public void removePartListenerAtPartEnd(PartListener listener, Runnable left) {
    if (!parts.removeAtPartEnd(listener, left)) {
      left.run();
    }
  }

  /** A live part's target duration: a part ends at the first keyframe at or after it. */
  public long partMillis() {
    return options.segmentMillis();
  }

  @Override
  public void onSourceRestart() {
    segmenter.sourceRestarted(); // the next segment is marked as a discontinuity
  }

  @Override
  public void onStreamEnd() {
    segmenter.finish(); // publishes the open segment: the tail of the stream is kept
    parts.ended();
    MediaPlaylist now = playlist.snapshot();
    if (!now.segments().isEmpty()) {
      // RFC 8216 4.3.3.4: no more segments; the LivePlaylist itself stays open for a continuing muxer
      snapshot = PlaylistText.of(new MediaPlaylist(now.type(), now.targetDuration(), now.mediaSequence(),
          now.discontinuitySequence(), now.segments(), true));
    }
    ended = true;
    onEnd.accept(this);
  }

  /**
   * Milliseconds of media the current window lists: an ended window stays served at least this long plus the
   * grace (RFC 8216 6.2.2).
   */
  public long listedMillis() {
    PlaylistText text = snapshot;
    long total90k = 0;
    if (text != null) {
      for (PlaylistSegment s : text.playlist().segments()) {
        total90k += s.duration90k();
      }
    }
    return total90k / 90;
  }

  /** Lets go of an ended window's segments (after its grace); the playlist is gone with them. Idempotent. */
  public synchronized void releaseEnded() {
    segments.clear();
    kept.forEach(LiveSegment::release);
    kept.clear();
    keptBytes = 0;
    snapshot = null;
  }
}
