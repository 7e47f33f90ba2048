package dev.edgerelay.sim.http;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** One page of a list and its {@code page_info} (API-NOTES "Pagination": pages count from 1). */
final class Paging {
  /** Largest page size any list accepts. */
  static final int MAX_PAGE_SIZE = 100;
  /** Highest page number any list accepts (spec 1.5: "up to 10000"). */
  static final int MAX_PAGE = 10_000;

  private Paging() {}

  static <T> List<T> slice(List<T> all, int page, int size) {
    long from = (long) (page - 1) * size;
    if (from >= all.size()) {
      return List.of();
    }
    return all.subList((int) from, (int) Math.min(all.size(), from + size));
  }

  static JsonObject info(int total, int size, int page) {
    return new JsonObject().put("total_num", total).put("page_total", (total + size - 1) / size)
        .put("page_size", size).put("current_page", page);
  }

  /** page_start (from 1) and page_size of spec 5.2, 6.2, 9, 15.4. */
  static int pageStart(Params params) {
    return params.optionalInt(1, 1, MAX_PAGE, "page_start", "page");
  }

  static int pageSize(Params params, int fallback) {
    return params.optionalInt(fallback, 1, MAX_PAGE_SIZE, "page_size", "per_page");
  }
}
