package dev.edgerelay.media.amf0;

import static dev.edgerelay.media.amf0.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What hostile AMF0 costs: references counted as what they expand to, and texts that stay short. */
@Timeout(10)
class Amf0LimitsTest {

  @ParameterizedTest(name = "{0} objects")
  @ValueSource(ints = {20, 30})
  void shouldRejectAReferenceBombWithAShortSentence(int objects) {
    byte[] bomb = Amf0Bombs.referenceBomb(objects);
    assertThatThrownBy(() -> Amf0Decoder.decodeAll(Unpooled.wrappedBuffer(bomb)))
        .isInstanceOf(Amf0Exception.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(100).contains("references"));
  }

  @Test
  void shouldRejectAChainOfDoublingReferencesPastTheExpandedValueLimit() throws Exception {
    // 13 objects use 24 references, under MAX_REFERENCE_USES, but the last one expands to 2^13 values
    assertThatThrownBy(() -> Amf0Decoder.decodeAll(Unpooled.wrappedBuffer(Amf0Bombs.chainBomb(13))))
        .isInstanceOf(Amf0Exception.class)
        .hasMessage("more than " + Amf0.MAX_EXPANDED_VALUES + " values with references expanded");
    assertThat(Amf0Decoder.decodeAll(Unpooled.wrappedBuffer(Amf0Bombs.chainBomb(10)))).hasSize(10);
  }

  @Test
  void shouldResolveAReferenceToTheSameObject() throws Exception {
    List<Object> values = Amf0Decoder.decodeAll(Unpooled.wrappedBuffer(bytes(
        "03", "0001", "61", "00", "3FF0000000000000", "0000", "09", // {a: 1.0}
        "07", "0000"))); // reference 0: that object again
    assertThat(values).hasSize(2);
    assertThat(values.get(1)).isSameAs(values.get(0));
  }

  @Test
  void shouldResolveAReferenceToAnObjectStillBeingBuiltAsNull() throws Exception {
    List<Object> values = Amf0Decoder.decodeAll(Unpooled.wrappedBuffer(bytes(
        "03", "0004", "73656C66", "07", "0000", "0000", "09"))); // {self: reference 0}
    assertThat(((Amf0Object) values.get(0)).properties()).containsEntry("self", null);
  }

  @Test
  void shouldPrintAGraphOfSharedObjectsAsABoundedSummary() {
    // built directly, without the decoder's limits: 60 levels, each holding the one below twice
    Amf0Object level = Amf0Object.of("leaf", "x");
    for (int i = 0; i < 60; i++) {
      level = Amf0Object.of("a", level, "b", level);
    }
    assertThat(level.toString()).hasSize(Amf0Summary.MAX_CHARS + 3).startsWith("Amf0Object{a=Amf0Object{a=")
        .endsWith("...");
    assertThat(Amf0Summary.of(List.of(level, level))).hasSize(Amf0Summary.MAX_CHARS + 3);
    assertThat(Amf0EcmaArray.of("meta", level).toString()).hasSize(Amf0Summary.MAX_CHARS + 3);
  }

  @Test
  void shouldPrintASmallValueWhole() {
    assertThat(Amf0Object.of("app", "live", "n", 1.0, "list", List.of("a", "b")).toString())
        .isEqualTo("Amf0Object{app=live, n=1.0, list=[a, b]}");
  }
}
