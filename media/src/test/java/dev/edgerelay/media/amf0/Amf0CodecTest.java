package dev.edgerelay.media.amf0;

import static dev.edgerelay.media.amf0.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class Amf0CodecTest {
  /** One table drives decoding, encoding (where the bytes are what we write) and split decoding. */
  static Stream<Arguments> fixtures() {
    return Stream.of(
        fixture("number 1.0", true, 1.0,
            "00", "3FF0000000000000"), // marker number, IEEE 754 double
        fixture("boolean true", true, true,
            "01", "01"), // marker boolean, non-zero
        fixture("string app", true, "app",
            "02", "0003", "617070"), // marker string, u16 length 3, "app"
        fixture("utf-8 string", true, "直播",
            "02", "0006", "E79BB4E692AD"), // two CJK characters, three UTF-8 bytes each
        fixture("long string read as string", false, "ab",
            "0C", "00000002", "6162"), // marker long string, u32 length 2, "ab"
        fixture("object", true, Amf0Object.of("app", "live", "fpad", false),
            "03", // marker object
            "0003", "617070", "02", "0004", "6C697665", // "app": string "live"
            "0004", "66706164", "01", "00", // "fpad": false
            "0000", "09"), // empty name, object end
        fixture("null", true, null, "05"),
        fixture("undefined", true, Amf0Undefined.INSTANCE, "06"),
        fixture("ecma array", true, Amf0EcmaArray.of("duration", 0.0),
            "08", "00000001", // marker ECMA array, count 1
            "0008", "6475726174696F6E", "00", "0000000000000000", // "duration": 0.0
            "0000", "09"),
        fixture("ecma array whose count lies", false, Amf0EcmaArray.of("w", 1.0),
            "08", "00000000", // count 0, yet one property follows: the end marker decides
            "0001", "77", "00", "3FF0000000000000",
            "0000", "09"),
        fixture("strict array", true, List.of(1.0, "a"),
            "0A", "00000002", // marker strict array, 2 elements
            "00", "3FF0000000000000", "02", "0001", "61"),
        fixture("date", true, new Amf0Date(1.0E12, (short) 0),
            "0B", "426D1A94A2000000", "0000"), // millis as a double, reserved time zone
        fixture("reference to an earlier object", false,
            Arrays.asList(Amf0Object.of("a", null), Amf0Object.of("a", null)),
            "0A", "00000002", // strict array (reference 0), 2 elements
            "03", "0001", "61", "05", "0000", "09", // object (reference 1) {"a": null}
            "07", "0001")); // reference 1
  }

  private static Arguments fixture(String name, boolean canonical, Object value, String... hex) {
    return Arguments.of(name, canonical, value, bytes(hex));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void shouldDecodeFixture(String name, boolean canonical, Object value, byte[] bytes) throws Amf0Exception {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    assertThat(Amf0Decoder.decode(in)).isEqualTo(value);
    assertThat(in.isReadable()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void shouldEncodeFixture(String name, boolean canonical, Object value, byte[] bytes) {
    ByteBuf out = Unpooled.buffer();
    Amf0Encoder.encode(out, value);
    if (canonical) {
      assertThat(ByteBufUtil.getBytes(out)).isEqualTo(bytes);
    } else {
      assertThat(decodeQuietly(out)).isEqualTo(value); // what decodes re-encodes to the same value
    }
  }

  /** Payloads arrive as composite buffers of chunks: every split point must decode the same. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void shouldDecodeFixtureSplitAtEveryByte(String name, boolean canonical, Object value, byte[] bytes) throws Amf0Exception {
    for (int split = 1; split < bytes.length; split++) {
      CompositeByteBuf in = Unpooled.compositeBuffer();
      in.addComponent(true, Unpooled.wrappedBuffer(bytes, 0, split));
      in.addComponent(true, Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
      assertThat(Amf0Decoder.decode(in)).as("split at %d", split).isEqualTo(value);
      in.release();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void shouldRejectEveryTruncation(String name, boolean canonical, Object value, byte[] bytes) {
    for (int length = 0; length < bytes.length; length++) {
      ByteBuf in = Unpooled.wrappedBuffer(bytes, 0, length);
      assertThatThrownBy(() -> Amf0Decoder.decode(in)).as("first %d bytes", length).isInstanceOf(Amf0Exception.class);
    }
  }

  @Test
  void shouldWriteLongStringPastSixtyFourKibibytes() throws Amf0Exception {
    String big = "x".repeat(Amf0.MAX_STRING_BYTES + 1);
    ByteBuf out = Unpooled.buffer();
    Amf0Encoder.encode(out, big);
    assertThat(out.getByte(0)).isEqualTo((byte) Amf0.LONG_STRING); // 65537 bytes do not fit a u16 length
    assertThat(out.getInt(1)).isEqualTo(Amf0.MAX_STRING_BYTES + 1);
    // our own read limit is 64 KiB: one byte more than that is refused, exactly that is read
    assertThatThrownBy(() -> Amf0Decoder.decode(out.duplicate())).isInstanceOf(Amf0Exception.class)
        .hasMessageContaining("limit");
    ByteBuf atLimit = Unpooled.buffer();
    Amf0Encoder.encode(atLimit, "x".repeat(Amf0.MAX_STRING_BYTES));
    assertThat(Amf0Decoder.decode(atLimit)).isEqualTo("x".repeat(Amf0.MAX_STRING_BYTES));
  }

  @Test
  void shouldRefuseNestingPastTheDepthLimit() {
    ByteBuf in = Unpooled.buffer();
    for (int i = 0; i <= Amf0.MAX_DEPTH + 1; i++) {
      in.writeByte(Amf0.STRICT_ARRAY).writeInt(1);
    }
    in.writeByte(Amf0.NULL);
    assertThatThrownBy(() -> Amf0Decoder.decode(in)).isInstanceOf(Amf0Exception.class).hasMessageContaining("nesting");
  }

  @Test
  void shouldRefuseStrictArrayCountPastTheLimitBeforeAllocating() {
    ByteBuf in = Unpooled.wrappedBuffer(bytes("0A", "7FFFFFFF")); // 2^31-1 elements announced, none sent
    assertThatThrownBy(() -> Amf0Decoder.decode(in)).isInstanceOf(Amf0Exception.class).hasMessageContaining("limit");
  }

  @Test
  void shouldRefuseObjectEndOutsideAnObjectAndUnknownMarkers() {
    assertThatThrownBy(() -> Amf0Decoder.decode(Unpooled.wrappedBuffer(bytes("09"))))
        .isInstanceOf(Amf0Exception.class);
    assertThatThrownBy(() -> Amf0Decoder.decode(Unpooled.wrappedBuffer(bytes("11"))))
        .isInstanceOf(Amf0Exception.class).hasMessageContaining("0x11");
  }

  private static Object decodeQuietly(ByteBuf in) {
    try {
      return Amf0Decoder.decode(in);
    } catch (Amf0Exception e) {
      throw new AssertionError(e);
    }
  }
}
