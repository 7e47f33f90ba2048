package dev.edgerelay.relay.token;

import dev.edgerelay.relay.hub.StreamKey;

/**
 * What a play token allows: one device-channel, live or one recording, until a time.
 *
 * @param scope {@code "live"} for the live stream, or a video id / time range for recordings (spec 6.5)
 * @param expiresAtMillis epoch millis after which the token is refused; {@link #NEVER} when the
 *     caller asked for {@code timeout=-1} (spec 4.1, API-NOTES play_address)
 */
public record PlayGrant(StreamKey key, String scope, long expiresAtMillis) {
  public static final String LIVE = "live";
  public static final long NEVER = Long.MAX_VALUE;

  public PlayGrant {
    if (scope == null || scope.isEmpty() || scope.indexOf('|') >= 0) {
      throw new IllegalArgumentException("scope must be non-empty and free of '|', got '" + scope + "'");
    }
  }

  public boolean live() {
    return LIVE.equals(scope);
  }

  /** True when this grant lets its holder play {@code wanted} in {@code wantedScope}. */
  public boolean allows(StreamKey wanted, String wantedScope) {
    return key.equals(wanted) && scope.equals(wantedScope);
  }
}
