package dev.edgerelay.relay.cluster.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each branch of the origin rule, with a 30 s join grace and the clock at 100 s. */
class OriginRuleTest {
  private static final long GRACE = 30_000;
  private static final long NOW = 100_000;
  private static final OriginRule RULE = new OriginRule(GRACE);

  private static MemberState ready(String name) {
    return new MemberState(name, 1, true, false, 0);
  }

  private static MemberState newcomer(String name) {
    return new MemberState(name, 1, true, false, NOW - GRACE + 1);
  }

  private static StreamClaim pull(String node) {
    return new StreamClaim(node, OriginKind.PULL, 0);
  }

  private static final List<MemberState> ABC = List.of(ready("a"), ready("b"), ready("c"));

  /** A key whose hash owner over {a, b, c} is {@code owner}. */
  private static String keyOwnedBy(String owner, List<MemberState> members) {
    List<Candidate> candidates = members.stream().map(m -> new Candidate(m.name(), m.weight())).toList();
    return IntStream.range(0, 1000).mapToObj(i -> "cam" + i + "-0")
        .filter(k -> owner.equals(Rendezvous.owner(k, candidates))).findFirst().orElseThrow();
  }

  @Test
  void shouldMakeTheLanPublishTargetTheOriginEvenWhenRecordedOrDraining() {
    String key = keyOwnedBy("a", ABC);
    List<MemberState> live = List.of(ready("a"), ready("b"), new MemberState("c", 1, true, true, 0));
    StreamClaim publish = new StreamClaim("c", OriginKind.LAN_PUBLISH, 0);
    assertThat(RULE.origin(key, live, publish, true, NOW)).isEqualTo("c");
    assertThat(RULE.origin(key, live, publish, false, NOW)).isEqualTo("c");
  }

  @Test
  void shouldKeepAnUnrecordedChannelOnTheReadyMemberRunningIt() {
    String key = keyOwnedBy("a", ABC);
    assertThat(RULE.origin(key, ABC, pull("b"), false, NOW)).isEqualTo("b");
  }

  @Test
  void shouldMoveARecordedChannelToTheHashOwner() {
    String key = keyOwnedBy("a", ABC);
    assertThat(RULE.origin(key, ABC, pull("b"), true, NOW)).isEqualTo("a");
    assertThat(RULE.origin(key, ABC, null, true, NOW)).isEqualTo("a");
  }

  @Test
  void shouldNotLetANewcomerTakeALiveChannelDuringItsGrace() {
    String key = keyOwnedBy("c", ABC);
    List<MemberState> live = List.of(ready("a"), ready("b"), newcomer("c"));
    String settledOwner = Rendezvous.owner(key, List.of(new Candidate("a", 1), new Candidate("b", 1)));
    assertThat(RULE.origin(key, live, pull(settledOwner), true, NOW)).isEqualTo(settledOwner);
    // once the grace is over, the hash owner takes it
    assertThat(RULE.origin(key, live, pull(settledOwner), true, NOW + 1)).isEqualTo("c");
  }

  @Test
  void shouldLeaveTheNewcomerItsOwnChannelDuringItsGrace() {
    // the newcomer got the channel while it had no origin: its own claim must not send it elsewhere
    String key = keyOwnedBy("c", ABC);
    List<MemberState> live = List.of(ready("a"), ready("b"), newcomer("c"));
    assertThat(RULE.origin(key, live, pull("c"), true, NOW)).isEqualTo("c");
  }

  @Test
  void shouldGiveAChannelWithNoLiveOriginToTheHashOwnerAtOnceNewcomersIncluded() {
    String key = keyOwnedBy("c", ABC);
    List<MemberState> live = List.of(ready("a"), ready("b"), newcomer("c"));
    assertThat(RULE.origin(key, live, null, true, NOW)).isEqualTo("c");
    assertThat(RULE.origin(key, live, null, false, NOW)).isEqualTo("c");
  }

  @Test
  void shouldLeaveDrainingAndWeightlessMembersOut() {
    String key = keyOwnedBy("a", ABC);
    List<MemberState> drainingA = List.of(new MemberState("a", 1, true, true, 0), ready("b"), ready("c"));
    List<MemberState> weightlessA = List.of(new MemberState("a", 0, true, false, 0), ready("b"), ready("c"));
    List<MemberState> notReadyA = List.of(new MemberState("a", 1, false, false, 0), ready("b"), ready("c"));
    for (List<MemberState> live : List.of(drainingA, weightlessA, notReadyA)) {
      assertThat(RULE.origin(key, live, null, true, NOW)).isIn("b", "c");
      // nor does a draining or weightless member keep an unrecorded channel it runs
      assertThat(RULE.origin(key, live, pull("a"), false, NOW)).isIn("b", "c");
    }
  }

  @Test
  void shouldAnswerNullWhenNoMemberIsReady() {
    List<MemberState> live = List.of(new MemberState("a", 1, false, false, 0), new MemberState("b", 1, true, true, 0));
    assertThat(RULE.origin("cam1-0", live, null, true, NOW)).isNull();
    assertThat(RULE.origin("cam1-0", live, pull("b"), false, NOW)).isNull();
    assertThat(RULE.origin("cam1-0", List.of(), null, false, NOW)).isNull();
  }

  @Test
  void shouldIgnoreAClaimByAMemberThatIsNotLive() {
    String key = keyOwnedBy("a", ABC);
    assertThat(RULE.origin(key, ABC, pull("gone"), false, NOW)).isEqualTo("a");
    assertThat(RULE.origin(key, ABC, new StreamClaim("gone", OriginKind.LAN_PUBLISH, 0), false, NOW)).isEqualTo("a");
    // and a dead claimant gives newcomers no grace to wait for: the channel has no live origin
    List<MemberState> live = List.of(ready("a"), ready("b"), newcomer("c"));
    String toC = keyOwnedBy("c", ABC);
    assertThat(RULE.origin(toC, live, pull("gone"), true, NOW)).isEqualTo("c");
  }

  @Test
  void shouldLetOnlyNewcomersTakeALiveChannelWhenNoSettledMemberIsReady() {
    String key = keyOwnedBy("a", ABC);
    List<MemberState> live = List.of(new MemberState("a", 1, true, true, 0), newcomer("b"), newcomer("c"));
    assertThat(RULE.origin(key, live, pull("a"), true, NOW)).isIn("b", "c");
  }

  @Test
  void shouldGiveEveryMemberTheSameAnswerForAnyOrderOfTheView() {
    List<MemberState> live = List.of(ready("a"), newcomer("b"), ready("c"));
    List<MemberState> reversed = List.of(ready("c"), newcomer("b"), ready("a"));
    for (int i = 0; i < 200; i++) {
      String key = "cam" + i + "-1";
      assertThat(RULE.origin(key, reversed, pull("a"), true, NOW)).isEqualTo(RULE.origin(key, live, pull("a"), true, NOW));
    }
  }

  /**
   * A node that resumed after a pause kept pulling the channels the site gave to others meanwhile: each node sees
   * its own claim and the other's record. Every node must pick the same runner whatever claim it starts from,
   * and the one the rendezvous ranks first among the runners, not among all members.
   */
  @Test
  void shouldSettleTwoRunnersOfAChannelOnTheSameOneFromEitherSide() {
    List<MemberState> bc = List.of(ready("b"), ready("c"));
    String key = keyOwnedBy("c", bc);
    StreamClaim fromB = OriginRule.contested(key, pull("b"), List.of("c"), ABC);
    StreamClaim fromC = OriginRule.contested(key, pull("c"), List.of("b"), ABC);
    assertThat(fromB.node()).isEqualTo("c");
    assertThat(fromC.node()).isEqualTo("c");
    assertThat(RULE.origin(key, ABC, fromB, false, NOW)).isEqualTo("c");
  }

  @Test
  void shouldLeaveAnUncontestedOrLanPublishedClaimAlone() {
    String key = keyOwnedBy("a", ABC);
    StreamClaim claim = pull("b");
    assertThat(OriginRule.contested(key, claim, List.of("b"), ABC)).isSameAs(claim);
    StreamClaim publish = new StreamClaim("b", OriginKind.LAN_PUBLISH, 0);
    assertThat(OriginRule.contested(key, publish, List.of("a", "c"), ABC)).isSameAs(publish);
  }

  @Test
  void shouldGiveAContestedChannelToTheRunnerThatMayOwnIt() {
    List<MemberState> live = List.of(ready("a"), new MemberState("b", 1, true, true, 0), ready("c"));
    String key = keyOwnedBy("b", List.of(ready("b"), ready("c")));
    assertThat(OriginRule.contested(key, pull("b"), List.of("c"), live).node())
        .as("b drains: c, the other runner, keeps the pull").isEqualTo("c");
  }
}
