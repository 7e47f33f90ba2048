package dev.edgerelay.relay.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Automatic snapshot names sort by the instant they were taken and cannot be guessed from it (spec 5.5). */
class PictureNamesTest {
  private static final long TAKEN = Instant.parse("2026-12-02T13:58:01.123Z").toEpochMilli();
  private final SecureRandom random = new SecureRandom();

  @Test
  void shouldStartWithTheUtcInstantAndEndWithEightyRandomBits() {
    String name = PictureNames.automatic(TAKEN, random);

    assertThat(name).matches("snap-20261202T135801\\.123Z-[0-9a-f]{20}");
    assertThat(PictureNames.checkName(name)).as("a name the picture API accepts").isEqualTo(name);
  }

  @Test
  void shouldNotRepeatANameTakenInTheSameMillisecond() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      names.add(PictureNames.automatic(TAKEN, random));
    }

    assertThat(names).hasSize(10_000);
  }

  @Test
  void shouldSortByTheInstantTaken() {
    List<String> byTime = new ArrayList<>();
    for (long millis = TAKEN; millis < TAKEN + 5 * 86_400_000L; millis += 3_600_001L) {
      byTime.add(PictureNames.automatic(millis, random));
    }

    assertThat(byTime).isSorted();
  }
}
