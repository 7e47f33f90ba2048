package dev.edgerelay.media.amf0;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF0 values from a buffer. One instance per message: references (spec 2.9) point into the
 * complex values of that message only. Every length is checked against what is readable and against
 * the limits in {@link Amf0} before anything is allocated, so hostile input costs at most the limits.
 * References are counted as the values they stand for ({@link Amf0#MAX_EXPANDED_VALUES}): a reference
 * bomb, where each object references all earlier ones, fails after a dozen objects instead of handing
 * on a graph whose walk (a log line, equals, a re-encode) doubles with each object.
 */
public final class Amf0Decoder {
  private final ByteBuf in;
  private final List<Object> references = new ArrayList<>();
  /** For each reference slot, how many values its complex value expands to; 1 while it is being built. */
  private final List<Long> referenceWeights = new ArrayList<>();
  /** For each reference slot, {@link #expanded} when its value started. */
  private final List<Long> referenceStarts = new ArrayList<>();
  /** Values decoded so far, references counted as what they stand for. */
  private long expanded;
  private int referenceUses;

  private Amf0Decoder(ByteBuf in) {
    this.in = in;
  }

  /** Decodes every value up to the end of {@code in}, consuming it. */
  public static List<Object> decodeAll(ByteBuf in) throws Amf0Exception {
    return decodeTopLevel(in, false);
  }

  /**
   * Decodes top-level values up to the end of {@code in} or up to a top-level avmplus-object marker
   * (spec 3.1: the rest is AMF3), which is left unread with everything after it. An AMF3 switch nested
   * inside an object or array is not supported and fails like any unknown marker.
   */
  public static List<Object> decodeUntilAmf3(ByteBuf in) throws Amf0Exception {
    return decodeTopLevel(in, true);
  }

  private static List<Object> decodeTopLevel(ByteBuf in, boolean stopAtAmf3) throws Amf0Exception {
    Amf0Decoder decoder = new Amf0Decoder(in);
    List<Object> values = new ArrayList<>();
    while (in.isReadable()) {
      if (stopAtAmf3 && in.getUnsignedByte(in.readerIndex()) == Amf0.AVMPLUS_OBJECT) {
        break;
      }
      if (values.size() >= Amf0.MAX_ELEMENTS) {
        throw new Amf0Exception("more than " + Amf0.MAX_ELEMENTS + " top-level values");
      }
      values.add(decoder.value(0));
    }
    return values;
  }

  /** Decodes one value, consuming its bytes. */
  public static Object decode(ByteBuf in) throws Amf0Exception {
    return new Amf0Decoder(in).value(0);
  }

  private Object value(int depth) throws Amf0Exception {
    if (depth > Amf0.MAX_DEPTH) {
      throw new Amf0Exception("nesting deeper than " + Amf0.MAX_DEPTH);
    }
    count(1);
    int marker = u8();
    switch (marker) {
      case Amf0.NUMBER:
        need(8);
        return in.readDouble();
      case Amf0.BOOLEAN:
        return u8() != 0;
      case Amf0.STRING:
        return utf8(u16());
      case Amf0.LONG_STRING:
        return utf8(u32());
      case Amf0.NULL:
        return null;
      case Amf0.UNDEFINED:
        return Amf0Undefined.INSTANCE;
      case Amf0.OBJECT: {
        int slot = reserveReference();
        return remember(slot, new Amf0Object(properties(depth)));
      }
      case Amf0.ECMA_ARRAY: {
        int slot = reserveReference();
        u32(); // the count is only a hint: encoders disagree with it, the object end marker decides (spec 2.10)
        return remember(slot, new Amf0EcmaArray(properties(depth)));
      }
      case Amf0.STRICT_ARRAY: {
        int slot = reserveReference();
        return remember(slot, strictArray(depth));
      }
      case Amf0.DATE:
        need(10);
        return new Amf0Date(in.readDouble(), in.readShort());
      case Amf0.REFERENCE:
        return reference();
      default:
        throw new Amf0Exception("unsupported marker 0x" + Integer.toHexString(marker));
    }
  }

  private Object reference() throws Amf0Exception {
    int index = u16();
    if (index >= references.size()) {
      throw new Amf0Exception("reference " + index + " to one of " + references.size() + " values");
    }
    if (++referenceUses > Amf0.MAX_REFERENCE_USES) {
      throw new Amf0Exception("more than " + Amf0.MAX_REFERENCE_USES + " references");
    }
    count(referenceWeights.get(index) - 1); // the reference itself was counted as one value already
    return references.get(index);
  }

  private void count(long values) throws Amf0Exception {
    expanded += values;
    if (expanded > Amf0.MAX_EXPANDED_VALUES) {
      throw new Amf0Exception("more than " + Amf0.MAX_EXPANDED_VALUES + " values with references expanded");
    }
  }

  private Map<String, Object> properties(int depth) throws Amf0Exception {
    Map<String, Object> map = new LinkedHashMap<>();
    while (true) {
      String name = utf8(u16());
      if (name.isEmpty()) {
        need(1);
        if (in.getUnsignedByte(in.readerIndex()) == Amf0.OBJECT_END) {
          in.skipBytes(1);
          return map;
        }
      }
      if (map.size() >= Amf0.MAX_ELEMENTS) {
        throw new Amf0Exception("more than " + Amf0.MAX_ELEMENTS + " properties");
      }
      map.put(name, value(depth + 1));
    }
  }

  private List<Object> strictArray(int depth) throws Amf0Exception {
    long count = u32();
    if (count > Amf0.MAX_ELEMENTS) {
      throw new Amf0Exception("strict array of " + count + " elements, limit " + Amf0.MAX_ELEMENTS);
    }
    List<Object> list = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      list.add(value(depth + 1));
    }
    return Collections.unmodifiableList(list); // not List.copyOf: AMF0 arrays may hold null
  }

  /** Spec 2.9: a complex value takes its reference index where it starts, before its children. */
  private int reserveReference() throws Amf0Exception {
    if (references.size() >= Amf0.MAX_REFERENCES) {
      throw new Amf0Exception("more than " + Amf0.MAX_REFERENCES + " complex values");
    }
    references.add(null);
    referenceWeights.add(1L); // a reference to a value still being built resolves to null
    referenceStarts.add(expanded);
    return references.size() - 1;
  }

  private Object remember(int slot, Object complex) {
    references.set(slot, complex);
    // the marker was counted before the slot was reserved, so the value's size includes it
    referenceWeights.set(slot, expanded - referenceStarts.get(slot) + 1);
    return complex;
  }

  private String utf8(long length) throws Amf0Exception {
    if (length > Amf0.MAX_STRING_BYTES) {
      throw new Amf0Exception("string of " + length + " bytes, limit " + Amf0.MAX_STRING_BYTES);
    }
    need((int) length);
    String s = in.toString(in.readerIndex(), (int) length, StandardCharsets.UTF_8);
    in.skipBytes((int) length);
    return s;
  }

  private int u8() throws Amf0Exception {
    need(1);
    return in.readUnsignedByte();
  }

  private int u16() throws Amf0Exception {
    need(2);
    return in.readUnsignedShort();
  }

  private long u32() throws Amf0Exception {
    need(4);
    return in.readUnsignedInt();
  }

  private void need(int bytes) throws Amf0Exception {
    if (in.readableBytes() < bytes) {
      throw new Amf0Exception("truncated: need " + bytes + " bytes, have " + in.readableBytes());
    }
  }
}
