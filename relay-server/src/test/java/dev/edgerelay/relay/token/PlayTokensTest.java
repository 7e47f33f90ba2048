package dev.edgerelay.relay.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.SettableClock;
import dev.edgerelay.relay.hub.StreamKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlayTokensTest {
  private static final StreamKey CAMERA = new StreamKey("2162826", 2);

  private final SettableClock clock = SettableClock.at(Instant.parse("2026-11-26T08:00:00Z"));
  private final PlayTokens tokens = new PlayTokens("master", clock);

  @Test
  void shouldGrantTheChannelAndScopeItWasIssuedFor() {
    String token = tokens.issue(CAMERA, PlayGrant.LIVE, 60_000);

    TokenCheck check = tokens.check(token);

    assertThat(check.valid()).isTrue();
    assertThat(check.grant().allows(CAMERA, PlayGrant.LIVE)).isTrue();
    assertThat(check.grant().allows(new StreamKey("2162826", 3), PlayGrant.LIVE)).isFalse();
    assertThat(token).matches("[A-Za-z0-9_.-]+"); // rides raw after '?' in RTMP and HLS URLs (spec 4.1)
  }

  @Test
  void shouldRefuseAnExpiredTokenButKeepOneIssuedWithTimeoutMinusOne() {
    String shortLived = tokens.issue(CAMERA, PlayGrant.LIVE, 1_000);
    String forever = tokens.issue(CAMERA, PlayGrant.LIVE, -1);

    clock.advance(Duration.ofDays(400));

    assertThat(tokens.check(shortLived).problem()).contains("expired");
    assertThat(tokens.check(forever).valid()).isTrue();
  }

  @Test
  void shouldRefuseForgedTamperedAndGarbageTokens() {
    String token = tokens.issue(CAMERA, PlayGrant.LIVE, 60_000);
    String otherNode = new PlayTokens("another master", clock).issue(CAMERA, PlayGrant.LIVE, 60_000);
    String tampered = token.substring(0, 3) + (token.charAt(3) == 'A' ? 'B' : 'A') + token.substring(4);

    assertThat(tokens.check(otherNode).problem()).contains("not issued by this edge");
    assertThat(tokens.check(tampered).valid()).isFalse();
    assertThat(tokens.check("").problem()).contains("required");
    assertThat(tokens.check("no-dot-here").valid()).isFalse();
    assertThat(tokens.check("%%%.%%%").problem()).contains("malformed");
    assertThat(tokens.check("x".repeat(10_000)).problem()).contains("too long");
  }

  @Test
  void shouldBeAcceptedByEveryNodeSharingTheMasterKey() {
    String token = tokens.issue(CAMERA, "video-42", 60_000);

    assertThat(new PlayTokens("master", clock).check(token).grant().scope()).isEqualTo("video-42");
  }

  @Test
  void shouldRememberAVerifiedTokenButStillRefuseForgeriesOfItAndItsExpiry() {
    String token = tokens.issue(CAMERA, PlayGrant.LIVE, 10_000);
    assertThat(tokens.check(token).valid()).isTrue();
    assertThat(tokens.check(token).grant().allows(CAMERA, PlayGrant.LIVE)).isTrue();
    assertThat(tokens.verifiedTokens()).isEqualTo(1);

    // a byte changed in the signature, and a payload granting another channel signed by a guess
    int dot = token.indexOf('.');
    char sig = token.charAt(dot + 5);
    String forgedSignature = token.substring(0, dot + 5) + (sig == 'A' ? 'B' : 'A') + token.substring(dot + 6);
    String otherChannel = tokens.issue(new StreamKey("2162826", 3), PlayGrant.LIVE, 10_000);
    String spliced = otherChannel.substring(0, otherChannel.indexOf('.')) + token.substring(dot);
    assertThat(tokens.check(forgedSignature).problem()).contains("not issued by this edge");
    assertThat(tokens.check(spliced).problem()).contains("not issued by this edge");
    assertThat(tokens.verifiedTokens()).isEqualTo(1);

    clock.advanceMillis(10_001);
    assertThat(tokens.check(token).problem()).contains("expired");
  }

  @Test
  void shouldBoundTheVerifiedTokensItRemembers() {
    String first = tokens.issue(CAMERA, PlayGrant.LIVE, 60_000);
    tokens.check(first);
    for (int i = 0; i < PlayTokens.VERIFIED_TOKENS_CAPACITY + 10; i++) {
      assertThat(tokens.check(tokens.issue(CAMERA, "video-" + i, 60_000)).valid()).isTrue();
    }

    assertThat(tokens.verifiedTokens()).isEqualTo(PlayTokens.VERIFIED_TOKENS_CAPACITY);
    assertThat(tokens.check(first).valid()).isTrue(); // evicted, verified again in full
  }
}
