package dev.edgerelay.relay.cluster.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** The properties every node relies on to agree without talking: order, removal and addition of members. */
class RendezvousPropertiesTest {
  private static final int KEYS = 300;

  @Property(tries = 200)
  void ownerIsTheSameForAnyOrderOfMembers(@ForAll("names") List<String> names, @ForAll long seed,
      @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 40) String key) {
    List<Candidate> members = weighted(names, new Random(seed));
    String owner = Rendezvous.owner(key, members);
    List<Candidate> shuffled = new ArrayList<>(members);
    Collections.shuffle(shuffled, new Random(seed + 1));
    assertThat(Rendezvous.owner(key, shuffled)).isEqualTo(owner).isIn(names);
  }

  @Property(tries = 100)
  void removingAMemberMovesExactlyItsKeys(@ForAll("names") List<String> names, @ForAll long seed) {
    Random random = new Random(seed);
    List<Candidate> before = weighted(names, random);
    List<Candidate> after = new ArrayList<>(before);
    Candidate removed = after.remove(random.nextInt(after.size()));
    assertOnlyKeysOfMoved(removed.name(), before, after, keys(random));
  }

  @Property(tries = 100)
  void addingAMemberMovesOnlyKeysToIt(@ForAll("names") List<String> names, @ForAll long seed) {
    Random random = new Random(seed);
    List<Candidate> after = weighted(names, random);
    List<Candidate> before = new ArrayList<>(after);
    Candidate added = before.remove(random.nextInt(before.size()));
    assertOnlyKeysOfMoved(added.name(), after, before, keys(random));
  }

  /** Between a view {@code with} member and one {@code without} it, a key moves if and only if member owns it. */
  private static void assertOnlyKeysOfMoved(String member, List<Candidate> with, List<Candidate> without,
      List<String> keys) {
    for (String key : keys) {
      String withOwner = Rendezvous.owner(key, with);
      String withoutOwner = Rendezvous.owner(key, without);
      if (withOwner.equals(member)) {
        assertThat(withoutOwner).as(key).isNotEqualTo(member);
      } else {
        assertThat(withoutOwner).as(key).isEqualTo(withOwner);
      }
    }
  }

  @Provide
  Arbitrary<List<String>> names() {
    return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1)
        .ofMaxLength(16).list().uniqueElements().ofMinSize(2).ofMaxSize(9);
  }

  private static List<Candidate> weighted(List<String> names, Random random) {
    List<Candidate> members = new ArrayList<>();
    for (String name : names) {
      members.add(new Candidate(name, 0.25 + random.nextInt(16) * 0.25));
    }
    return members;
  }

  private static List<String> keys(Random random) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      keys.add(Long.toUnsignedString(random.nextLong()) + "-" + random.nextInt(8));
    }
    return keys;
  }
}
