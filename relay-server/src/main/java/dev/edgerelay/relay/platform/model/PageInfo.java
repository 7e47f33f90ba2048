package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/**
 * The platform's {@code page_info} (5.2, 6.2, 9, 13, 15.4): pages count from 1 (API-NOTES
 * "Pagination"); {@code pageKey} is set by the stat lists (13) and must be sent back for later pages.
 */
public record PageInfo(long totalNum, int pageTotal, int pageSize, int currentPage, String pageKey) {

  public static PageInfo fromJson(JsonObject json) {
    if (json == null) {
      return new PageInfo(0, 0, 0, 1, null);
    }
    return new PageInfo(
        WireFields.number(json, "total_num", 0),
        (int) WireFields.number(json, "page_total", 0),
        (int) WireFields.number(json, "page_size", 0),
        (int) WireFields.number(json, "current_page", 1),
        json.getString("page_key"));
  }

  /** Whether a page after this one exists. */
  public boolean hasNext() {
    return currentPage < pageTotal;
  }
}
