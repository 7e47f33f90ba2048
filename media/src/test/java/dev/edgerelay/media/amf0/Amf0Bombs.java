package dev.edgerelay.media.amf0;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * AMF0 reference bombs (spec 2.9): small payloads whose references make the decoded graph exponentially
 * large when walked. Shared by the decoder's unit tests and the server's hostile-peer tests.
 */
public final class Amf0Bombs {
  private Amf0Bombs() {}

  /**
   * A connect command ({@code "connect", 1, ...}) followed by {@code objects} top-level objects, object k
   * holding one reference to each of objects 0..k-1: object k expands to 2^k values.
   */
  public static byte[] referenceBomb(int objects) {
    ByteBuf out = Unpooled.buffer();
    Amf0Encoder.encode(out, "connect");
    Amf0Encoder.encode(out, 1.0);
    for (int k = 0; k < objects; k++) {
      out.writeByte(Amf0.OBJECT);
      for (int j = 0; j < k; j++) {
        property(out, "p" + j).writeByte(Amf0.REFERENCE).writeShort(j); // objects are slots 0.. in order
      }
      out.writeShort(0).writeByte(Amf0.OBJECT_END);
    }
    return bytes(out);
  }

  /** {@code objects} top-level objects, each with two references to the one before: two per doubling. */
  public static byte[] chainBomb(int objects) {
    ByteBuf out = Unpooled.buffer();
    out.writeByte(Amf0.OBJECT).writeShort(0).writeByte(Amf0.OBJECT_END);
    for (int k = 1; k < objects; k++) {
      out.writeByte(Amf0.OBJECT);
      property(out, "a").writeByte(Amf0.REFERENCE).writeShort(k - 1);
      property(out, "b").writeByte(Amf0.REFERENCE).writeShort(k - 1);
      out.writeShort(0).writeByte(Amf0.OBJECT_END);
    }
    return bytes(out);
  }

  private static ByteBuf property(ByteBuf out, String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    return out.writeShort(utf8.length).writeBytes(utf8);
  }

  private static byte[] bytes(ByteBuf out) {
    byte[] bytes = ByteBufUtil.getBytes(out);
    out.release();
    return bytes;
  }
}
