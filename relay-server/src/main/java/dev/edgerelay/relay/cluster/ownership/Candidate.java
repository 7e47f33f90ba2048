package dev.edgerelay.relay.cluster.ownership;

import java.util.Objects;

/** A ready member that may own channels, with its weight (> 0): its share of the channels is weight / total. */
public record Candidate(String name, double weight) {
  public Candidate {
    Objects.requireNonNull(name, "name");
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("the weight of member '" + name + "' must be a finite number above 0, got "
          + weight);
    }
  }
}
