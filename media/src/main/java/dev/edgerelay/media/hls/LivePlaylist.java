package dev.edgerelay.media.hls;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sliding window of a live playlist (RFC 8216 6.2.2): keeps the last {@code windowSize} segments,
 * advances EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE as segments slide out, and keeps the
 * target duration from ever shrinking (6.2.1: it must not change while the stream is live).
 */
public final class LivePlaylist {
  /** 6.2.2: the server should keep at least three target durations' worth of segments. */
  public static final int MIN_WINDOW = 3;

  private final int windowSize;
  private final ArrayDeque<PlaylistSegment> window = new ArrayDeque<>();
  private long mediaSequence;
  private long discontinuitySequence;
  private int targetDuration;
  private boolean ended;

  /**
   * @param windowSize segments listed at once, at least {@link #MIN_WINDOW}
   * @param firstSequence media sequence of the first segment added
   * @param minTargetDuration the target duration announced from the start (e.g. the segmenter's max duration)
   */
  public LivePlaylist(int windowSize, long firstSequence, int minTargetDuration) {
    if (windowSize < MIN_WINDOW) {
      throw new IllegalArgumentException("windowSize must be at least " + MIN_WINDOW + ", got " + windowSize);
    }
    this.windowSize = windowSize;
    this.mediaSequence = firstSequence;
    this.targetDuration = Math.max(1, minTargetDuration);
  }

  /** Adds a segment; returns the segments that slid out of the window (their storage can go). */
  public List<PlaylistSegment> add(PlaylistSegment segment) {
    window.addLast(segment);
    targetDuration = Math.max(targetDuration, MediaPlaylist.requiredTargetDuration(List.of(segment)));
    List<PlaylistSegment> removed = new ArrayList<>();
    while (window.size() > windowSize) {
      PlaylistSegment gone = window.removeFirst();
      mediaSequence++;
      if (gone.discontinuity()) {
        discontinuitySequence++; // 4.3.3.3: counts discontinuities no longer in the playlist
      }
      removed.add(gone);
    }
    return removed;
  }

  /** The stream ended: the next snapshot carries EXT-X-ENDLIST. */
  public void end() {
    ended = true;
  }

  public MediaPlaylist snapshot() {
    return new MediaPlaylist(PlaylistType.LIVE, targetDuration, mediaSequence, discontinuitySequence, List.copyOf(window), ended);
  }
}
