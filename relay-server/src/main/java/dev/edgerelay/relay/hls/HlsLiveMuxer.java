package dev.edgerelay.relay.hls;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.hls.LivePlaylist;
import dev.edgerelay.media.hls.MediaPlaylist;
import dev.edgerelay.media.hls.PlaylistSegment;
import dev.edgerelay.media.ts.MemorySegmentSink;
import dev.edgerelay.media.ts.Segment;
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
 * segments, keeps them in memory under a byte bound, and maintains the sliding-window playlist.
 * Runs on its reader executor; HTTP handlers read {@link #playlist()} and {@link #segment} from
 * any thread.
 *
 * <p>Segments stay in the segmenter's pooled chunks, off the heap: the muxer owns one
 * reference to each {@link LiveSegment} and releases it on eviction and at stream end; the byte bound
 * counts the pooled memory the kept segments occupy.
 *
 * <p>A source restart, a codec change or a new configuration ends the current segment and marks the
 * next one with EXT-X-DISCONTINUITY (RFC 8216 4.3.2.3), so players reset their decoders there.
 */
public final class HlsLiveMuxer implements StreamListener {
  private final Stream stream;
  private final HlsOptions options;
  private final ByteBufAllocator alloc;
  private final Consumer<HlsLiveMuxer> onFirstSegment;
  private final Consumer<HlsLiveMuxer> onEnd;
  /** Unique per muxing session, so a player never mixes segments of two sessions with the same number. */
  private final String sessionId = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final LivePlaylist playlist;
  private final ConcurrentHashMap<String, LiveSegment> segments = new ConcurrentHashMap<>();
  private final ArrayDeque<LiveSegment> kept = new ArrayDeque<>();
  private volatile long keptBytes;
  private final ProgramSegmenter segmenter;
  private boolean discontinuityNext;
  private volatile PlaylistText snapshot;
  private volatile boolean ended;
  private volatile long segmentsMade;

  /**
   * @param onFirstSegment told once, when the first segment is complete (cold-start waiters)
   * @param onEnd told once, when the stream ended and the segments were let go
   */
  public HlsLiveMuxer(Stream stream, HlsOptions options, ByteBufAllocator alloc, Consumer<HlsLiveMuxer> onFirstSegment,
      Consumer<HlsLiveMuxer> onEnd) {
    this.stream = stream;
    this.options = options;
    this.alloc = alloc;
    this.onFirstSegment = onFirstSegment;
    this.onEnd = onEnd;
    int minTarget = (int) Math.max(1, Math.round(options.segmentMillis() / 1000.0));
    this.playlist = new LivePlaylist(options.window(), 0, minTarget);
    long target90k = options.segmentMillis() * 90;
    this.segmenter = new ProgramSegmenter((program, firstSequence) -> new TsSegmenter(program,
        new SegmenterOptions().setTargetDuration90k(target90k)
            .setMaxDuration90k(Math.max(target90k * 3, SegmenterOptions.DEFAULT_MAX_DURATION_90K))
            .setFirstSequence(firstSequence),
        alloc, new MemorySegmentSink(alloc, this::segmentDone)));
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

  /** Pooled memory held by the kept segments (the byte bound's measure). */
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
  }

  private void segmentDone(Segment segment) {
    String name = sessionId + "-" + segment.info().sequence() + ".ts";
    LiveSegment live = new LiveSegment(name, segment.info(), segment.content(), segment.heldBytes()); // takes the reference
    segments.put(name, live);
    kept.addLast(live);
    keptBytes += live.heldBytes();
    PlaylistSegment line = PlaylistSegment.of(segment.info(), name);
    if (discontinuityNext && !line.discontinuity()) {
      line = new PlaylistSegment(line.uri(), line.duration90k(), true, line.programDateTimeMillis(), line.independent());
    }
    discontinuityNext = false;
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
      keptBytes -= gone.heldBytes();
      segments.remove(gone.name());
      gone.release(); // freed now, or when the last response sending it finishes
    }
  }

  @Override
  public void onSourceRestart() {
    segmenter.sourceRestarted(); // the next segment is marked as a discontinuity
  }

  @Override
  public void onStreamEnd() {
    segmenter.finish();
    ended = true;
    // nobody is fed any more: the memory goes now rather than when the next viewer comes
    segments.clear();
    kept.forEach(LiveSegment::release);
    kept.clear();
    keptBytes = 0;
    snapshot = null;
    onEnd.accept(this);
  }
}
