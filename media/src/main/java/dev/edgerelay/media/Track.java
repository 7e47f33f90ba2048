package dev.edgerelay.media;

/** The kind of elementary stream a {@link MediaUnit} belongs to. */
public enum Track {
  VIDEO,
  AUDIO
}
