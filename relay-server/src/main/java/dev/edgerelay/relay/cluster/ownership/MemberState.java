package dev.edgerelay.relay.cluster.ownership;

import java.util.Objects;

/**
 * One member as the origin rule sees it: ready (recorder open, index reconciled), draining (handing its channels
 * off), its weight, and {@code joinedAtMillis}, when this node first saw it ready (the start of its join grace).
 */
public record MemberState(String name, double weight, boolean ready, boolean draining, long joinedAtMillis) {
  public MemberState {
    Objects.requireNonNull(name, "name");
  }

  /** In the ready set: ready, not draining, and a weight that lets it own channels. */
  public boolean mayOwn() {
    return ready && !draining && weight > 0 && !Double.isInfinite(weight);
  }
}
