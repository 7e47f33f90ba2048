package dev.edgerelay.media.ts;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.Track;

/**
 * The elementary streams of the one program a muxer writes: fixed for the muxer's life because the
 * PMT announces them in every segment.
 *
 * @param video H264 or HEVC, or null for audio-only
 * @param audio true when an AAC stream is present
 */
public record TsProgram(Codec video, boolean audio) {
  public TsProgram {
    if (video != null && video.track() != Track.VIDEO) {
      throw new IllegalArgumentException("video codec expected, got " + video);
    }
    if (video == null && !audio) {
      throw new IllegalArgumentException("a program needs a video or an audio stream");
    }
  }

  public boolean hasVideo() {
    return video != null;
  }
}
