package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/**
 * Answer of 4.1 play_address: {@code addr} "ip:port", the {@code accessToken}, the URL scheme in
 * {@code type} (rtmp, rtmpe, http, https) and, in the newer revision, the thumbnail host
 * {@code coveraddr}. {@link dev.edgerelay.relay.platform.PlatformUrls} assembles URLs from it.
 */
public record PlayAddress(String addr, String accessToken, String type, String coverAddr) {
  public static PlayAddress fromJson(JsonObject data) {
    return new PlayAddress(data.getString("addr"), data.getString("accessToken"), data.getString("type"),
        data.getString("coveraddr"));
  }
}
