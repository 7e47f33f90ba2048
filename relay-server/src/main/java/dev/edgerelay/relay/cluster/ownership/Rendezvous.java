package dev.edgerelay.relay.cluster.ownership;

import java.util.Collection;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Weighted rendezvous (highest random weight) hashing: each member scores each key, the highest score owns it
 * (docs/architecture.md, "Ownership"). Every node computes it locally from the member list, with no lock and no
 * leader; removing a member moves only its keys, spread over all the others in proportion to their weights, and
 * adding one moves only the keys it now wins.
 *
 * <p>The score is the standard weighted one, {@code -weight / ln(u)} with {@code u} uniform in (0, 1): it makes
 * P(member wins) = weight / total weight (Schindelhauer and Schomaker, "Weighted distributed hash tables", 2005),
 * where multiplying a hash by the weight would not. {@code u} comes from the top 52 bits of a 64-bit hash of the
 * key and the member's name, so it is never 0 nor 1. That hash is FNV-1a over the key's length, the key's and
 * the name's UTF-16 units (stable across JVMs and platforms, unlike a salted hash), followed by MurmurHash3's
 * 64-bit finalizer: FNV-1a alone spreads a change in the last characters (device-17 vs device-18) poorly over
 * the high bits, and the finalizer makes every input bit flip about half of the output bits. A 32-bit
 * {@code String.hashCode} would correlate the scores of similar keys and unbalance the members.
 *
 * <p>Pure: no Vert.x, no cluster manager, no state.
 */
public final class Rendezvous {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  /** 2^-52: (top 52 bits of a hash + 0.5) * UNIT is exact and strictly inside (0, 1). */
  private static final double UNIT = 0x1.0p-52;

  private Rendezvous() {}

  /**
   * The weighted rendezvous owner of {@code key} among {@code candidates}; null when there are none.
   * Deterministic for any order of candidates; an equal score (in practice only a name listed twice) goes to
   * the name first in {@link String#compareTo} order.
   */
  public static String owner(String key, Collection<Candidate> candidates) {
    Objects.requireNonNull(key, "key");
    return highest(candidates, c -> score(key, c));
  }

  /** The candidate with the highest {@code score}, an equal score going to the name first in order. */
  static String highest(Collection<Candidate> candidates, ToDoubleFunction<Candidate> score) {
    String best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Candidate c : candidates) {
      double s = score.applyAsDouble(c);
      if (best == null || s > bestScore || (s == bestScore && c.name().compareTo(best) < 0)) {
        best = c.name();
        bestScore = s;
      }
    }
    return best;
  }

  /** {@code candidate}'s score for {@code key}: above 0, larger wins. */
  static double score(String key, Candidate candidate) {
    double u = ((hash(key, candidate.name()) >>> 12) + 0.5) * UNIT;
    return -candidate.weight() / Math.log(u);
  }

  /** A 64-bit hash of the pair (key, name); the key's length keeps ("ab", "c") apart from ("a", "bc"). */
  static long hash(String key, String name) {
    long h = FNV_OFFSET;
    h = (h ^ key.length()) * FNV_PRIME;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * FNV_PRIME;
    }
    for (int i = 0; i < name.length(); i++) {
      h = (h ^ name.charAt(i)) * FNV_PRIME;
    }
    return fmix64(h);
  }

  /** MurmurHash3's 64-bit finalizer: a bijection in which each input bit affects every output bit. */
  private static long fmix64(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
