package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.model.Page;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** What every section of the client shares: the transport, the key it sends, the page walker. */
abstract class SectionApi {
  private final PlatformTransport transport;
  private final String apiKey;

  SectionApi(PlatformTransport transport, String apiKey) {
    this.transport = transport;
    this.apiKey = apiKey;
  }

  final Call call(Endpoint endpoint) {
    return new Call(transport, endpoint, apiKey);
  }

  /** The configured product id; routes of spec 7, 12, 13, 14, 15 cannot be called without it. */
  final String productId() {
    String productId = transport.options().productId();
    if (productId == null) {
      throw new IllegalStateException("PlatformOptions.productId is not set; spec 7, 12 to 15 need it");
    }
    return productId;
  }

  /**
   * Reads every page from page 1 on. {@code fetch} gets the page number and the {@code page_key} of
   * page 1 (null for page 1, and for endpoints without keys). Stops at the last page or after
   * {@code maxWalkPages}, which fails the walk rather than returning a silently cut list.
   */
  final <T> Future<List<T>> walk(BiFunction<Integer, String, Future<Page<T>>> fetch) {
    return walkFrom(1, null, new ArrayList<>(), fetch);
  }

  private <T> Future<List<T>> walkFrom(int page, String pageKey, List<T> sofar,
      BiFunction<Integer, String, Future<Page<T>>> fetch) {
    int maxPages = transport.options().maxWalkPages();
    return fetch.apply(page, pageKey).compose(result -> {
      sofar.addAll(result.items());
      boolean more = result.info().currentPage() < result.info().pageTotal() && !result.items().isEmpty();
      if (!more) {
        return Future.succeededFuture(List.copyOf(sofar));
      }
      if (page >= maxPages) {
        return Future.failedFuture(new IllegalStateException("stopped after maxWalkPages=" + maxPages
            + " of " + result.info().pageTotal() + " pages; narrow the query or raise the option"));
      }
      String key = pageKey != null ? pageKey : result.info().pageKey();
      return walkFrom(page + 1, key, sofar, fetch);
    });
  }
}
