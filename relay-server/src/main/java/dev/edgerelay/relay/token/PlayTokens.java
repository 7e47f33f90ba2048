package dev.edgerelay.relay.token;

import dev.edgerelay.relay.hub.StreamKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the play tokens this edge hands out in {@code play_address} and
 * {@code get_play_token} answers (spec 4.1, 6.5). A token is
 * {@code base64url(device|channel|scope|expiry) "." base64url(HMAC-SHA256)}: URL-safe, so it can ride
 * raw after {@code ?} (RTMP and HLS URLs) or as {@code token=} (preload, thumbnails).
 *
 * <p>The key is derived from the platform master key, which every member of a cluster shares, so any
 * node accepts a token another node issued without a shared store.
 *
 * <p>A player polls its live playlist about once a segment and sends the same token each time, so
 * successful checks are remembered per token string ({@link #VERIFIED_TOKENS_CAPACITY} of them, least
 * recently used out first): a repeat costs a map lookup and an expiry comparison, no HMAC. Only the
 * exact string that passed the signature check hits the cache, so a forged or tampered token is
 * always verified in full; a cached grant is still refused once its expiry passes. Thread-safe: the
 * HTTP and RTMP event loops share one instance.
 */
public final class PlayTokens {
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  /** Longest token we try to parse; real ones are about 100 characters. */
  static final int MAX_TOKEN_LENGTH = 512;
  /**
   * Tokens whose signature was verified and which are remembered: one per viewer a busy node serves at
   * once, with room to spare; at ~100 characters plus a grant each, about 1 MB when full.
   */
  static final int VERIFIED_TOKENS_CAPACITY = 4096;

  private final SecretKeySpec key;
  private final Clock clock;
  /** Guarded by itself; access order, so the least recently used token is evicted first. */
  private final Map<String, PlayGrant> verified =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PlayGrant> eldest) {
          return size() > VERIFIED_TOKENS_CAPACITY;
        }
      };

  public PlayTokens(String masterKey, Clock clock) {
    this.key = new SecretKeySpec(deriveKey(masterKey), ALGORITHM);
    this.clock = clock;
  }

  private static byte[] deriveKey(String masterKey) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(("edge-relay play token v1:" + masterKey).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Issues a token for {@code key} and {@code scope}.
   *
   * @param lifetimeMillis the spec's {@code timeout}: milliseconds, or -1 for a token that never expires
   */
  public String issue(StreamKey key, String scope, long lifetimeMillis) {
    long expiry = lifetimeMillis < 0 ? PlayGrant.NEVER : clock.millis() + lifetimeMillis;
    PlayGrant grant = new PlayGrant(key, scope, expiry);
    String payload = key.deviceId() + "|" + key.channelId() + "|" + scope + "|" + expiry;
    byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
    return B64.encodeToString(payloadBytes) + "." + B64.encodeToString(sign(payloadBytes));
  }

  /** Checks signature and expiry; never throws on bad input. */
  public TokenCheck check(String token) {
    if (token == null || token.isEmpty()) {
      return TokenCheck.refused("a play token is required: ask play_address (or get_play_token) for one");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      return TokenCheck.refused("the play token is too long to be one of ours");
    }
    PlayGrant known;
    synchronized (verified) {
      known = verified.get(token);
    }
    if (known != null) {
      return unexpired(known);
    }
    TokenCheck check = verify(token);
    if (check.valid()) {
      synchronized (verified) {
        verified.put(token, check.grant());
      }
    }
    return check;
  }

  /** The number of verified tokens remembered; for tests of the bound. */
  int verifiedTokens() {
    synchronized (verified) {
      return verified.size();
    }
  }

  private TokenCheck verify(String token) {
    int dot = token.indexOf('.');
    byte[] payload;
    byte[] signature;
    try {
      payload = B64D.decode(token.substring(0, Math.max(dot, 0)));
      signature = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return TokenCheck.refused("the play token is malformed: use the accessToken from play_address unchanged");
    }
    if (dot <= 0 || !MessageDigest.isEqual(sign(payload), signature)) {
      return TokenCheck.refused("the play token was not issued by this edge (or its master key changed): ask play_address again");
    }
    String[] fields = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
    PlayGrant grant;
    try {
      grant = new PlayGrant(new StreamKey(fields[0], Integer.parseInt(fields[1])), fields[2], Long.parseLong(fields[3]));
    } catch (RuntimeException e) {
      return TokenCheck.refused("the play token is malformed: use the accessToken from play_address unchanged");
    }
    return unexpired(grant);
  }

  private TokenCheck unexpired(PlayGrant grant) {
    if (clock.millis() > grant.expiresAtMillis()) {
      return TokenCheck.refused("the play token has expired: ask play_address for a fresh one");
    }
    return TokenCheck.valid(grant);
  }

  private byte[] sign(byte[] payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
