package dev.edgerelay.media;

/** Codecs the relay carries without transcoding. Anything else is reported once and dropped. */
public enum Codec {
  /** H.264/AVC; payload is length-prefixed NAL units (4-byte lengths), config is an AVCDecoderConfigurationRecord. */
  H264(Track.VIDEO),
  /** H.265/HEVC (Enhanced RTMP FourCC hvc1); payload as H264, config is an HEVCDecoderConfigurationRecord. */
  HEVC(Track.VIDEO),
  /** AAC; payload is one raw access unit (no ADTS), config is an AudioSpecificConfig. */
  AAC(Track.AUDIO);

  private final Track track;

  Codec(Track track) {
    this.track = track;
  }

  public Track track() {
    return track;
  }
}
