package dev.edgerelay.relay.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.SettableClock;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Spec 13.1's page keys: a list kept 5 minutes under its key, the keys and rows held bounded, oldest first out. */
class PageKeysTest {
  final SettableClock clock = SettableClock.at(1_000_000);

  static List<JsonObject> rows(int n) {
    return IntStream.range(0, n).mapToObj(i -> new JsonObject().put("i", i)).toList();
  }

  @Test
  void shouldReadTheSameListUntilItsLifetimeEnds() {
    PageKeys keys = new PageKeys(new StatOptions(), clock);
    String key = keys.open(rows(3), List.of("frozen")).getKey();

    clock.advanceMillis(StatOptions.DEFAULT_PAGE_KEY_MILLIS - 1);
    assertThat(keys.get(key)).hasValueSatisfying(s -> {
      assertThat(s.rows()).hasSize(3);
      assertThat(s.unavailable()).containsExactly("frozen");
    });

    clock.advanceMillis(1);
    assertThat(keys.get(key)).isEmpty();
    assertThat(keys.get("never-given")).isEmpty();
  }

  @Test
  void shouldForgetTheOldestKeyBeyondTheKeyBound() {
    PageKeys keys = new PageKeys(new StatOptions().setMaxPageKeys(2), clock);
    String first = keys.open(rows(1), List.of()).getKey();
    String second = keys.open(rows(1), List.of()).getKey();
    String third = keys.open(rows(1), List.of()).getKey();

    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.get(first)).isEmpty();
    assertThat(keys.get(second)).isPresent();
    assertThat(keys.get(third)).isPresent();
  }

  @Test
  void shouldForgetOldKeysAndCutALongListBeyondTheRowBound() {
    PageKeys keys = new PageKeys(new StatOptions().setMaxPageRows(10), clock);
    String first = keys.open(rows(6), List.of()).getKey();
    String second = keys.open(rows(6), List.of()).getKey(); // 12 rows: the first key goes

    assertThat(keys.get(first)).isEmpty();
    assertThat(keys.get(second)).hasValueSatisfying(s -> assertThat(s.cut()).isFalse());

    PageKeys.Snapshot huge = keys.open(rows(25), List.of()).getValue();
    assertThat(huge.rows()).hasSize(10);
    assertThat(huge.cut()).isTrue();
    assertThat(keys.size()).isEqualTo(1);
  }
}
