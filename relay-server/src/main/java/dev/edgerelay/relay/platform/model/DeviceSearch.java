package dev.edgerelay.relay.platform.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Query of 1.5 device search. All fields optional; {@code page} counts from 1 up to
 * {@link #MAX_PAGE}, {@code perPage} up to {@link #MAX_PER_PAGE}, {@code deviceIds} up to
 * {@link #MAX_DEVICE_IDS} (the spec's limits).
 */
public record DeviceSearch(String keyWords, String tag, Boolean online, Boolean isPrivate,
    Integer page, Integer perPage, List<String> deviceIds, String begin, String end, String title) {

  public static final int MAX_PAGE = 10_000;
  public static final int MAX_PER_PAGE = 100;
  public static final int MAX_DEVICE_IDS = 100;

  public DeviceSearch {
    if (page != null && (page < 1 || page > MAX_PAGE)) {
      throw new IllegalArgumentException("page must be in [1, " + MAX_PAGE + "], got " + page);
    }
    if (perPage != null && (perPage < 1 || perPage > MAX_PER_PAGE)) {
      throw new IllegalArgumentException("perPage must be in [1, " + MAX_PER_PAGE + "], got " + perPage);
    }
    if (deviceIds != null && deviceIds.size() > MAX_DEVICE_IDS) {
      throw new IllegalArgumentException("at most " + MAX_DEVICE_IDS + " deviceIds, got " + deviceIds.size());
    }
    deviceIds = deviceIds == null ? null : List.copyOf(deviceIds);
  }

  public static DeviceSearch all() {
    return new DeviceSearch(null, null, null, null, null, null, null, null, null, null);
  }

  public DeviceSearch withKeyWords(String newKeyWords) {
    return new DeviceSearch(newKeyWords, tag, online, isPrivate, page, perPage, deviceIds, begin, end, title);
  }

  public DeviceSearch withOnline(Boolean newOnline) {
    return new DeviceSearch(keyWords, tag, newOnline, isPrivate, page, perPage, deviceIds, begin, end, title);
  }

  public DeviceSearch withPage(int newPage, int newPerPage) {
    return new DeviceSearch(keyWords, tag, online, isPrivate, newPage, newPerPage, deviceIds, begin, end, title);
  }

  /** Query parameters with the wire names, absent fields left out. */
  public Map<String, Object> toQuery() {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("key_words", keyWords);
    query.put("tag", tag);
    query.put("online", online);
    query.put("private", isPrivate);
    query.put("page", page);
    query.put("per_page", perPage);
    query.put("device_id", deviceIds == null ? null : String.join(",", deviceIds));
    query.put("begin", begin);
    query.put("end", end);
    query.put("title", title);
    query.values().removeIf(v -> v == null);
    return query;
  }
}
