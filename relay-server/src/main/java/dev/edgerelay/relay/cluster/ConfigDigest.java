package dev.edgerelay.relay.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Digests of the settings every node of a site must share, one per section ({@code platform}, {@code live},
 * {@code recorder}, {@code upload}, {@code cluster}) and one over them all, so {@code /edge/cluster} can say not only
 * that a node's settings differ but where.
 *
 * @param hash the digest over every section
 * @param sections section name to its digest; empty for a node that publishes only {@code hash}
 */
public record ConfigDigest(String hash, Map<String, String> sections) {
  public ConfigDigest {
    sections = Map.copyOf(sections);
  }

  /** Only the overall digest: a peer of an older version, or a test that does not care. */
  public static ConfigDigest of(String hash) {
    return new ConfigDigest(hash, Map.of());
  }

  /**
   * The sections whose digests differ from {@code other}'s, sorted; {@code ["unknown"]} when the overall digests
   * differ but one side names no sections; empty when they agree or either digest is unknown.
   */
  public List<String> differingSections(ConfigDigest other) {
    if (hash.isEmpty() || other.hash.isEmpty() || hash.equals(other.hash)) {
      return List.of();
    }
    if (sections.isEmpty() || other.sections.isEmpty()) {
      return List.of("unknown");
    }
    List<String> out = new ArrayList<>();
    Map<String, String> all = new TreeMap<>(sections);
    other.sections.forEach(all::putIfAbsent);
    for (String section : all.keySet()) {
      if (!sections.getOrDefault(section, "").equals(other.sections.getOrDefault(section, ""))) {
        out.add(section);
      }
    }
    return out.isEmpty() ? List.of("unknown") : out;
  }
}
