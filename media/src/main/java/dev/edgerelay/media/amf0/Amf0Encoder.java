package dev.edgerelay.media.amf0;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.Map;

/**
 * Encodes Java values as AMF0 (the mapping is listed on {@link Amf0}). Stateless: it never writes
 * references, which AMF0 allows a writer to omit. Any {@link Number} is written as a number.
 */
public final class Amf0Encoder {
  private Amf0Encoder() {}

  public static void encodeAll(ByteBuf out, List<?> values) {
    for (Object value : values) {
      encode(out, value);
    }
  }

  public static void encode(ByteBuf out, Object value) {
    if (value == null) {
      out.writeByte(Amf0.NULL);
    } else if (value instanceof Number n) {
      out.writeByte(Amf0.NUMBER).writeDouble(n.doubleValue());
    } else if (value instanceof Boolean b) {
      out.writeByte(Amf0.BOOLEAN).writeByte(b ? 1 : 0);
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Amf0Object o) {
      out.writeByte(Amf0.OBJECT);
      properties(out, o.properties());
    } else if (value instanceof Amf0EcmaArray a) {
      out.writeByte(Amf0.ECMA_ARRAY).writeInt(a.entries().size());
      properties(out, a.entries());
    } else if (value instanceof List<?> list) {
      out.writeByte(Amf0.STRICT_ARRAY).writeInt(list.size());
      encodeAll(out, list);
    } else if (value instanceof Amf0Date d) {
      out.writeByte(Amf0.DATE).writeDouble(d.epochMillis()).writeShort(d.timeZone());
    } else if (value == Amf0Undefined.INSTANCE) {
      out.writeByte(Amf0.UNDEFINED);
    } else {
      throw new IllegalArgumentException("no AMF0 type for " + value.getClass().getName());
    }
  }

  /** A short string when its UTF-8 form fits a u16 length, a long string otherwise (spec 2.4, 2.14). */
  private static void string(ByteBuf out, String s) {
    int length = ByteBufUtil.utf8Bytes(s);
    if (length <= Amf0.SHORT_STRING_MAX) {
      out.writeByte(Amf0.STRING).writeShort(length);
    } else {
      out.writeByte(Amf0.LONG_STRING).writeInt(length);
    }
    ByteBufUtil.reserveAndWriteUtf8(out, s, length);
  }

  private static void properties(ByteBuf out, Map<String, Object> properties) {
    for (Map.Entry<String, Object> e : properties.entrySet()) {
      int length = ByteBufUtil.utf8Bytes(e.getKey());
      out.writeShort(length);
      ByteBufUtil.reserveAndWriteUtf8(out, e.getKey(), length);
      encode(out, e.getValue());
    }
    out.writeShort(0).writeByte(Amf0.OBJECT_END);
  }
}
