package dev.edgerelay.relay.http;

import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.codec.H264Sps;
import dev.edgerelay.media.stream.Stream;
import io.vertx.core.json.JsonObject;

/**
 * A live stream's facts for the console's camera page and channel table: the codecs, the picture size and frame
 * rate the H.264 SPS declares, the bytes received (the console turns two readings into a bitrate) and the
 * source restarts (reconnects after media).
 */
final class StreamFacts {
  private StreamFacts() {}

  /** The facts of {@code stream}, or of no stream (zeros, no codecs) when it is not running. */
  static JsonObject of(Stream stream) {
    JsonObject facts = new JsonObject()
        .put("bytes_in", stream == null ? 0 : stream.bytesIn())
        .put("restarts", stream == null ? 0 : stream.restarts());
    if (stream == null) {
      return facts;
    }
    CodecConfig video = stream.videoConfig();
    if (video != null) {
      facts.put("video_codec", video.codec().name());
      picture(video, facts);
    }
    CodecConfig audio = stream.audioConfig();
    if (audio != null) {
      facts.put("audio_codec", audio.codec().name());
    }
    return facts;
  }

  private static void picture(CodecConfig video, JsonObject facts) {
    // a picture size is a courtesy to the viewer: a source whose SPS does not parse still plays
    H264Sps parsed = H264Sps.ofConfig(video);
    if (parsed != null) {
      facts.put("width", parsed.width()).put("height", parsed.height());
      if (parsed.frameRate() > 0) {
        facts.put("fps", Math.round(parsed.frameRate() * 100) / 100.0);
      }
    }
  }
}
