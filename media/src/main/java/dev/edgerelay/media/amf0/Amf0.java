package dev.edgerelay.media.amf0;

/**
 * AMF0 type markers and decoding limits (Adobe "Action Message Format -- AMF 0", section 2.1).
 *
 * <p>Values map to Java as: number {@link Double}, boolean {@link Boolean}, string and long string
 * {@link String}, object {@link Amf0Object}, null {@code null}, undefined {@link Amf0Undefined},
 * ECMA array {@link Amf0EcmaArray}, strict array {@link java.util.List}, date {@link Amf0Date}.
 */
public final class Amf0 {
  public static final int NUMBER = 0x00;
  public static final int BOOLEAN = 0x01;
  public static final int STRING = 0x02;
  public static final int OBJECT = 0x03;
  public static final int MOVIECLIP = 0x04;
  public static final int NULL = 0x05;
  public static final int UNDEFINED = 0x06;
  public static final int REFERENCE = 0x07;
  public static final int ECMA_ARRAY = 0x08;
  public static final int OBJECT_END = 0x09;
  public static final int STRICT_ARRAY = 0x0A;
  public static final int DATE = 0x0B;
  public static final int LONG_STRING = 0x0C;
  /** Spec 2.1, 3.1: the values from here on are AMF3 ("avmplus-object"), which we do not decode. */
  public static final int AVMPLUS_OBJECT = 0x11;

  /** Nesting of objects and arrays; RTMP commands nest two or three levels, so 32 only stops stack exhaustion. */
  public static final int MAX_DEPTH = 32;
  /** UTF-8 bytes of one string; the longest real strings are tcUrls with tokens, far below 64 KiB. */
  public static final int MAX_STRING_BYTES = 64 * 1024;
  /** Properties of one object or ECMA array, or elements of one strict array: metadata has a few dozen. */
  public static final int MAX_ELEMENTS = 1024;
  /** Complex values a reference can point back to, per decoded message (spec 2.9: up to 65535). */
  public static final int MAX_REFERENCES = 1024;
  /**
   * References resolved per decoded message. Encoders we meet (FFmpeg, OBS, Flash, nginx-rtmp) write none;
   * each one can double what a reader walks (an object that references all earlier ones), so few are allowed.
   */
  public static final int MAX_REFERENCE_USES = 64;
  /**
   * Values per decoded message counting every value a reference stands for as often as it is referenced:
   * what printing, comparing or re-encoding the message walks. Metadata has a few dozen, connect about 20.
   */
  public static final int MAX_EXPANDED_VALUES = 4096;

  /** The longest string that fits a short string marker (a u16 length, spec 2.4). */
  static final int SHORT_STRING_MAX = 0xFFFF;

  private Amf0() {}
}
