package dev.edgerelay.sim;

import io.vertx.core.json.JsonObject;

/**
 * What a play token (spec 4.1 {@code accessToken}, spec 6.5 VOD token) allows: one device-channel, live or one
 * recording, until {@link #expiresAtMillis()}.
 *
 * @param videoId the recording for a VOD token, null for live
 * @param expiresAtMillis {@link #NEVER} when play_address was asked for {@code timeout=-1}
 */
public record PlayGrant(String token, String deviceId, int channelId, String videoId, long expiresAtMillis) {
  /** Expiry of a token issued with {@code timeout=-1}. */
  public static final long NEVER = Long.MAX_VALUE;

  public boolean isLive() {
    return videoId == null;
  }

  public boolean validAt(long nowMillis) {
    return nowMillis < expiresAtMillis;
  }

  PlayGrant expiredAt(long nowMillis) {
    return new PlayGrant(token, deviceId, channelId, videoId, Math.min(expiresAtMillis, nowMillis));
  }

  JsonObject toJson() {
    return new JsonObject().put("token", token).put("deviceId", deviceId).put("channelId", channelId)
        .put("videoId", videoId).put("expires", expiresAtMillis);
  }

  static PlayGrant fromJson(JsonObject json) {
    return new PlayGrant(json.getString("token"), json.getString("deviceId"), json.getInteger("channelId"),
        json.getString("videoId"), json.getLong("expires"));
  }
}
