package dev.edgerelay.media.amf0;

import java.util.HexFormat;

/** Byte fixtures written as commented hex fields: {@code bytes("02", "0003", "617070")}. */
public final class Hex {
  private Hex() {}

  public static byte[] bytes(String... fields) {
    return HexFormat.of().parseHex(String.join("", fields).replace(" ", ""));
  }
}
