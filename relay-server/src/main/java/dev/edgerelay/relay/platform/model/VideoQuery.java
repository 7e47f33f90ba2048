package dev.edgerelay.relay.platform.model;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query of 6.2 video list. Time filters are "YYYY-MM-DD HH:MM:SS" (API-NOTES "Time formats"),
 * either or both; {@code security} asks for https/rtmpe play URLs.
 */
public record VideoQuery(String deviceId, int channelId, LocalDateTime startTime, LocalDateTime endTime,
    String name, int pageSize, boolean security) {

  public static final DateTimeFormatter FILTER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  public VideoQuery {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
  }

  public static VideoQuery all(String deviceId, int channelId, int pageSize) {
    return new VideoQuery(deviceId, channelId, null, null, null, pageSize, false);
  }

  public VideoQuery between(LocalDateTime start, LocalDateTime end) {
    return new VideoQuery(deviceId, channelId, start, end, name, pageSize, security);
  }

  public Map<String, Object> toQuery(int pageStart) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("device_id", deviceId);
    query.put("channel_id", channelId);
    if (startTime != null) {
      query.put("start_time", FILTER_TIME.format(startTime));
    }
    if (endTime != null) {
      query.put("end_time", FILTER_TIME.format(endTime));
    }
    if (name != null) {
      query.put("name", name);
    }
    query.put("page_start", pageStart);
    query.put("page_size", pageSize);
    if (security) {
      query.put("security", 1);
    }
    return query;
  }
}
