package dev.edgerelay.sim;

import dev.edgerelay.media.stream.ReaderStart;
import java.util.Locale;

/** How the emulator's RTMP origin starts a new player. */
public enum OriginJoin {
  /** From the cached GOP, at its keyframe: the player decodes at once (the emulator's own behaviour). */
  KEYFRAME(ReaderStart.CACHED_GOP),
  /**
   * As nginx-rtmp does: audio at once, video only from the next keyframe, up to a GOP later. The node must start
   * a video channel's HLS with video all the same.
   */
  NGINX(ReaderStart.AUDIO_NOW_VIDEO_AT_KEYFRAME);

  private final ReaderStart playerStart;

  OriginJoin(ReaderStart playerStart) {
    this.playerStart = playerStart;
  }

  /** Where the origin's players start reading the camera's stream. */
  public ReaderStart playerStart() {
    return playerStart;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for anything but keyframe or nginx, naming the field first */
  public static OriginJoin parse(String text) {
    for (OriginJoin join : values()) {
      if (join.wireName().equals(text)) {
        return join;
      }
    }
    throw new IllegalArgumentException("originJoin must be keyframe or nginx, got " + text);
  }
}
