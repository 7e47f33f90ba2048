package dev.edgerelay.relay.rtmp;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.amf0.Amf0EcmaArray;
import dev.edgerelay.media.codec.AudioSpecificConfig;
import dev.edgerelay.media.codec.H264Sps;
import dev.edgerelay.media.rtmp.message.DataMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The onMetaData a recorded range starts with (FLV spec v10.1 E.5): its duration, so players show a
 * seek bar, and the codecs and picture size of the first units, so they set up decoders before the
 * first frame.
 */
final class RecordedMetadata {
  /** FLV CodecIDs (E.4.3.1, E.4.2.1) and the FourCC-era id players accept for HEVC. */
  private static final double VIDEO_CODEC_AVC = 7;
  private static final double VIDEO_CODEC_HEVC = 12;
  private static final double AUDIO_CODEC_AAC = 10;

  private RecordedMetadata() {}

  static DataMessage of(int streamId, long lengthMillis, MediaUnit first, Iterable<MediaUnit> following) {
    CodecConfig[] configs = new CodecConfig[Track.values().length];
    configs[first.track().ordinal()] = first.config();
    for (MediaUnit u : following) {
      if (configs[Track.VIDEO.ordinal()] != null && configs[Track.AUDIO.ordinal()] != null) {
        break;
      }
      if (configs[u.track().ordinal()] == null) {
        configs[u.track().ordinal()] = u.config();
      }
    }
    CodecConfig video = configs[Track.VIDEO.ordinal()];
    CodecConfig audio = configs[Track.AUDIO.ordinal()];
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("duration", lengthMillis / 1000.0);
    if (video != null) {
      fields.put("videocodecid", video.codec() == Codec.HEVC ? VIDEO_CODEC_HEVC : VIDEO_CODEC_AVC);
      picture(video, fields);
    }
    if (audio != null) {
      fields.put("audiocodecid", AUDIO_CODEC_AAC);
      try {
        AudioSpecificConfig asc = AudioSpecificConfig.parse(audio.record());
        fields.put("audiosamplerate", (double) asc.sampleRate());
        fields.put("stereo", asc.channelConfiguration() >= 2);
      } catch (IllegalArgumentException e) {
        // the codec id is enough for a player; the rate comes with the sequence header
      }
    }
    return new DataMessage(0, streamId, List.of(DataMessage.ON_METADATA, new Amf0EcmaArray(fields)));
  }

  private static void picture(CodecConfig video, Map<String, Object> fields) {
    // a picture size is a courtesy: the decoder reads it from the SPS anyway
    H264Sps parsed = H264Sps.ofConfig(video);
    if (parsed != null) {
      fields.put("width", (double) parsed.width());
      fields.put("height", (double) parsed.height());
      if (parsed.frameRate() > 0) {
        fields.put("framerate", parsed.frameRate());
      }
    }
  }
}
