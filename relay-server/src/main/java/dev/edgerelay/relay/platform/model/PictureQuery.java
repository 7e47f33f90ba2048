package dev.edgerelay.relay.platform.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Query of 5.2 picture list; times are UNIX seconds (API-NOTES "Time formats"), both optional. */
public record PictureQuery(String deviceId, int channelId, Long startTime, Long endTime, int pageSize) {
  public PictureQuery {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
  }

  public static PictureQuery all(String deviceId, int channelId, int pageSize) {
    return new PictureQuery(deviceId, channelId, null, null, pageSize);
  }

  public Map<String, Object> toQuery(int pageStart) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("device_id", deviceId);
    query.put("channel_id", channelId);
    if (startTime != null) {
      query.put("start_time", startTime);
    }
    if (endTime != null) {
      query.put("end_time", endTime);
    }
    query.put("page_start", pageStart);
    query.put("page_size", pageSize);
    return query;
  }
}
