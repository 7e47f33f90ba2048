package dev.edgerelay.relay.cluster.ownership;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which member runs a channel's origin (docs/architecture.md, "Ownership"), in this order:
 * <ol>
 *   <li>the member a LAN camera publishes to, while it is live: the media exists nowhere else;</li>
 *   <li>for a channel not recorded, the ready member already running it: moving a watched channel costs its
 *       viewers a restart and gains nothing;</li>
 *   <li>else the weighted rendezvous owner ({@link Rendezvous}) over the ready set (ready, not draining,
 *       weight above 0). While the channel has a live origin, members still in their join grace are left out
 *       (except that origin itself), so a newcomer takes nothing away until it has proven itself; a channel with
 *       no live origin goes to the owner over the whole ready set at once.</li>
 * </ol>
 * A claim by a member that is not live is ignored: its node is gone, and its channels move.
 *
 * <p>Pure: every node applies it to its own view and they agree as soon as their views agree.
 */
public final class OriginRule {
  private final long joinGraceMillis;

  /** {@code joinGraceMillis}: how long a newly ready member waits before it takes a live channel (0 in tests). */
  public OriginRule(long joinGraceMillis) {
    if (joinGraceMillis < 0) {
      throw new IllegalArgumentException("the join grace must be 0 ms or more, got " + joinGraceMillis);
    }
    this.joinGraceMillis = joinGraceMillis;
  }

  /**
   * The origin of channel {@code key}: see the class comment. {@code live}: the members in the view (any state);
   * {@code claim}: who runs it now, or null; {@code recorded}: its recording intent is on. Returns null when no
   * member is ready (and no live member has a LAN camera publishing it).
   */
  public String origin(String key, Collection<MemberState> live, StreamClaim claim, boolean recorded,
      long nowMillis) {
    MemberState claimant = claim == null ? null : find(live, claim.node());
    if (claimant != null && claim.kind() == OriginKind.LAN_PUBLISH) {
      return claimant.name();
    }
    if (claimant != null && !recorded && claimant.mayOwn()) {
      return claimant.name();
    }
    List<Candidate> ready = new ArrayList<>();
    List<Candidate> settled = new ArrayList<>();
    for (MemberState m : live) {
      if (m.mayOwn()) {
        Candidate c = new Candidate(m.name(), m.weight());
        ready.add(c);
        if (m == claimant || nowMillis - m.joinedAtMillis() >= joinGraceMillis) {
          settled.add(c);
        }
      }
    }
    // with a live origin, newcomers in their grace stay out; were no one else ready, the channel goes to them
    boolean graceApplies = claimant != null && !settled.isEmpty();
    return Rendezvous.owner(key, graceApplies ? settled : ready);
  }

  /**
   * The claim that stands when {@code claim}'s node and the other {@code runners} (live members whose records say
   * they run channel {@code key}'s origin) all run it: a LAN camera's claim stands; else the rendezvous owner among
   * the runners that may own channels (ready, not draining) wins, so every node that sees the same runners picks
   * the same one, and the rest relay from it. With no contest, or no runner that may own, {@code claim} stands.
   */
  public static StreamClaim contested(String key, StreamClaim claim, Collection<String> runners,
      Collection<MemberState> live) {
    if (claim.kind() == OriginKind.LAN_PUBLISH) {
      return claim;
    }
    List<Candidate> eligible = new ArrayList<>();
    boolean contest = false;
    for (MemberState m : live) {
      boolean runs = m.name().equals(claim.node()) || runners.contains(m.name());
      if (runs && m.mayOwn()) {
        eligible.add(new Candidate(m.name(), m.weight()));
      }
      contest |= runs && !m.name().equals(claim.node());
    }
    if (!contest || eligible.isEmpty()) {
      return claim;
    }
    String winner = Rendezvous.owner(key, eligible);
    return winner.equals(claim.node()) ? claim : new StreamClaim(winner, OriginKind.PULL, claim.sinceMillis());
  }

  private static MemberState find(Collection<MemberState> live, String name) {
    for (MemberState m : live) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    return null;
  }
}
