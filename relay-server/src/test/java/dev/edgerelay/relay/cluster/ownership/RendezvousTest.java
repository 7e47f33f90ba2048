package dev.edgerelay.relay.cluster.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Balance, weights and ties of the rendezvous owner, over key families that look like the platform's. */
class RendezvousTest {
  private static final List<Candidate> THREE_EQUAL =
      List.of(new Candidate("node-a", 1), new Candidate("node-b", 1), new Candidate("node-c", 1));

  /** Platform device ids (20 digits) with a channel, and short LAN camera names: both must balance. */
  private static final List<IntFunction<String>> KEY_FAMILIES = List.of(
      i -> String.format("34020000001320%06d-%d", i / 4, i % 4),
      i -> "cam" + i + "-0");

  @Test
  void shouldGiveEachOfThreeEqualNodesAThirdOf500KeysWithin15Percent() {
    for (IntFunction<String> family : KEY_FAMILIES) {
      Map<String, Integer> counts = count(500, family, THREE_EQUAL);
      double third = 500 / 3.0;
      assertThat(counts).as("keys like %s", family.apply(0)).hasSize(3)
          .allSatisfy((node, n) -> assertThat((double) n).isBetween(third * 0.85, third * 1.15));
    }
  }

  @Test
  void shouldGiveANodeOfWeightTwoAboutTwiceTheKeysOfANodeOfWeightOne() {
    // expected shares 1/2, 1/4, 1/4 of 6000 keys; the ratio's standard deviation is about 2.6 %, so a 10 %
    // tolerance (1.8 to 2.2) fails only for a biased score, not by chance
    List<Candidate> weighted =
        List.of(new Candidate("node-a", 2), new Candidate("node-b", 1), new Candidate("node-c", 1));
    for (IntFunction<String> family : KEY_FAMILIES) {
      Map<String, Integer> counts = count(6000, family, weighted);
      assertThat((double) counts.get("node-a") / counts.get("node-b")).isBetween(1.8, 2.2);
      assertThat((double) counts.get("node-a") / counts.get("node-c")).isBetween(1.8, 2.2);
      assertThat((double) counts.get("node-b") / counts.get("node-c")).isBetween(0.9, 1.1);
    }
  }

  @Test
  void shouldBreakAnEqualScoreByNameWhateverTheOrder() {
    List<Candidate> candidates = new ArrayList<>(
        List.of(new Candidate("node-c", 1), new Candidate("node-a", 3), new Candidate("node-b", 2)));
    for (int i = 0; i < candidates.size(); i++) {
      Collections.rotate(candidates, 1);
      assertThat(Rendezvous.highest(candidates, c -> 1.0)).isEqualTo("node-a");
      // a real score still beats the name
      assertThat(Rendezvous.highest(candidates, Candidate::weight)).isEqualTo("node-a");
      assertThat(Rendezvous.highest(candidates, c -> -c.weight())).isEqualTo("node-c");
    }
  }

  @Test
  void shouldOwnNothingWithoutCandidatesAndEverythingAlone() {
    assertThat(Rendezvous.owner("cam1-0", List.of())).isNull();
    assertThat(Rendezvous.owner("cam1-0", List.of(new Candidate("solo", 0.01)))).isEqualTo("solo");
  }

  @Test
  void shouldKeepScoresFiniteAndPositive() {
    for (int i = 0; i < 10_000; i++) {
      double score = Rendezvous.score("cam" + i + "-0", new Candidate("node-" + (i % 7), 1 + i % 3));
      assertThat(score).isPositive().isFinite();
    }
  }

  @Test
  void shouldSeparateKeyAndNameInTheHash() {
    assertThat(Rendezvous.hash("ab", "c")).isNotEqualTo(Rendezvous.hash("a", "bc"));
  }

  private static Map<String, Integer> count(int keys, IntFunction<String> family, List<Candidate> candidates) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < keys; i++) {
      counts.merge(Rendezvous.owner(family.apply(i), candidates), 1, Integer::sum);
    }
    return counts;
  }
}
