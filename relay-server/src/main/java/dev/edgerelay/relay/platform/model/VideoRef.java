package dev.edgerelay.relay.platform.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Names one recorded video on the platform (6.1, 6.4, 6.5 query). */
public record VideoRef(String deviceId, int channelId, String videoId) {
  public Map<String, Object> toQuery() {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("device_id", deviceId);
    query.put("channel_id", channelId);
    query.put("video_id", videoId);
    return query;
  }
}
