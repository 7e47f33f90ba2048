package dev.edgerelay.media.amf0;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;
import net.jqwik.api.constraints.Size;

class Amf0PropertiesTest {
  @Property(tries = 2000)
  void randomBytesNeverThrowAnythingButAmf0Exception(@ForAll @Size(max = 64) byte[] bytes) {
    decodeQuietly(bytes);
  }

  @Property(tries = 1000)
  void mutatedEncodingsNeverThrowAnythingButAmf0Exception(@ForAll("values") Object value,
      @ForAll @Size(min = 1, max = 4) List<Integer> positions, @ForAll byte replacement) {
    ByteBuf out = Unpooled.buffer();
    Amf0Encoder.encode(out, value);
    byte[] bytes = ByteBufUtil.getBytes(out);
    for (int p : positions) {
      bytes[Math.floorMod(p, bytes.length)] = replacement;
    }
    decodeQuietly(bytes);
  }

  @Property(tries = 1000)
  void whatDecodesReencodesToTheSameBytes(@ForAll("values") Object value) throws Amf0Exception {
    ByteBuf out = Unpooled.buffer();
    Amf0Encoder.encode(out, value);
    byte[] bytes = ByteBufUtil.getBytes(out);
    Object decoded = Amf0Decoder.decode(Unpooled.wrappedBuffer(bytes));
    assertThat(decoded).isEqualTo(value);
    ByteBuf again = Unpooled.buffer();
    Amf0Encoder.encode(again, decoded);
    assertThat(ByteBufUtil.getBytes(again)).isEqualTo(bytes);
  }

  private static void decodeQuietly(byte[] bytes) {
    try {
      Amf0Decoder.decodeAll(Unpooled.wrappedBuffer(bytes));
    } catch (Amf0Exception expected) {
      // malformed input is reported this way and no other
    }
  }

  @Provide
  Arbitrary<Object> values() {
    return value(3);
  }

  private static Arbitrary<Object> value(int depth) {
    // no lone surrogates: they are not encodable as UTF-8, so they could never round-trip
    StringArbitrary text = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(12);
    Arbitrary<Object> leaf = Arbitraries.oneOf(
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        text.map(s -> (Object) s),
        Arbitraries.of(Amf0Undefined.INSTANCE).map(u -> (Object) u),
        Arbitraries.doubles().map(d -> (Object) new Amf0Date(d, (short) 0))).injectNull(0.1);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> child = value(depth - 1);
    Arbitrary<String> names = text.ofMinLength(1);
    return Arbitraries.oneOf(leaf,
        Arbitraries.maps(names, child).ofMaxSize(4).map(m -> (Object) new Amf0Object(m)),
        Arbitraries.maps(names, child).ofMaxSize(4).map(m -> (Object) new Amf0EcmaArray(m)),
        child.list().ofMaxSize(4).map(l -> (Object) l));
  }
}
