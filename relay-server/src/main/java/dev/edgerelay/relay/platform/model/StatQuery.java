package dev.edgerelay.relay.platform.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Filters of 13.1 getonlinelist and 13.2 getpushlist (master key only). Wire names run together
 * ({@code productid}, {@code deviceid}, ...: API-NOTES "Wire names"). {@code protocolType} ("RTMP",
 * "HLS") is used by 13.1 only.
 */
public record StatQuery(String productId, String deviceId, Integer channelId, String protocolType, int pageSize) {
  public StatQuery {
    if (productId == null || productId.isEmpty()) {
      throw new IllegalArgumentException("productId is required by spec 13");
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
  }

  public static StatQuery product(String productId, int pageSize) {
    return new StatQuery(productId, null, null, null, pageSize);
  }

  /**
   * @param page    page number from 1
   * @param pageKey the key page 1 answered; required for later pages (spec 13.1 note 1), null on page 1
   */
  public Map<String, Object> toQuery(int page, String pageKey) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("productid", productId);
    if (deviceId != null) {
      query.put("deviceid", deviceId);
    }
    if (channelId != null) {
      query.put("channelid", channelId);
    }
    if (protocolType != null) {
      query.put("protocoltype", protocolType);
    }
    if (pageKey != null) {
      query.put("page_key", pageKey);
    }
    query.put("page_size", pageSize);
    query.put("page", page);
    return query;
  }
}
