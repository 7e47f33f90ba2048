package dev.edgerelay.relay.snapshot;

import dev.edgerelay.relay.http.ApiError;

/**
 * The two picture formats of spec 5.1, recognised by their signatures, so a body that is not the image its
 * {@code format} says is refused at upload rather than served broken at 5.5.
 */
final class ImageFormat {
  /** JPEG starts with SOI then a marker: FF D8 FF (ISO/IEC 10918-1 B.1.1.3). */
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  /** PNG's eight-byte signature (ISO/IEC 15948 5.2). */
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private ImageFormat() {}

  static void check(String format, byte[] image) {
    byte[] signature = switch (format) {
      case "jpg" -> JPEG;
      case "png" -> PNG;
      default -> throw ApiError.invalid("format must be jpg or png, got '" + format + "'").exception();
    };
    if (image.length == 0) {
      throw ApiError.invalid("the body is empty: send the picture's bytes").exception();
    }
    if (!startsWith(image, signature)) {
      throw ApiError.invalid("the body is not a " + format + " image (its first bytes are not the " + format
          + " signature): send the file's bytes as the body").exception();
    }
  }

  static String contentType(String format) {
    return "png".equals(format) ? "image/png" : "image/jpeg";
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
