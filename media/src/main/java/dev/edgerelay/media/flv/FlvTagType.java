package dev.edgerelay.media.flv;

/** FLV tag types (Adobe FLV spec v10.1, E.4.1 TagType); RTMP message type ids use the same numbers. */
public enum FlvTagType {
  AUDIO(8),
  VIDEO(9),
  SCRIPT_DATA(18);

  private final int id;

  FlvTagType(int id) {
    this.id = id;
  }

  /** The TagType byte (also the RTMP message type id). */
  public int id() {
    return id;
  }

  /** The type for a TagType byte, or null for a type FLV does not define. */
  public static FlvTagType of(int id) {
    return switch (id) {
      case 8 -> AUDIO;
      case 9 -> VIDEO;
      case 18 -> SCRIPT_DATA;
      default -> null;
    };
  }
}
