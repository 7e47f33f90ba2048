package dev.edgerelay.relay.stats;

import dev.edgerelay.recorder.Page;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.http.ApiEnvelope;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.RequestParams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Spec 13.1 getonlinelist (the site's viewers now) and 13.2 getpushlist (the streams coming into the site), master
 * key only, answered by any node for the whole site: the first query asks every member ({@link HeldStats} at
 * {@code edge.node.{name}.stats}, docs/architecture.md "Cluster: VOD across nodes"), merges the rows by when each
 * viewer or push began and keeps them under a {@code page_key} ({@link PageKeys}); later pages given that key read the
 * same list. A member that does not answer in time makes the answer partial ({@code partial},
 * {@code unavailable_nodes}), every page of it alike, never an error. Query names as API-NOTES.md has them
 * ({@code productid}, {@code deviceid}, {@code channelid}, {@code protocoltype}), the snake_case ones accepted too.
 */
public final class StatRoutes {
  static final int DEFAULT_PAGE_SIZE = 10;
  static final int MAX_PAGE_SIZE = 100;
  static final int MAX_PAGE = 10_000;
  private static final String BASE = "/ipc/video/stat/";

  private final SiteFanout fanout;
  private final EdgeAuth auth;
  private final String productId;
  private final PageKeys pageKeys;

  public StatRoutes(SiteFanout fanout, EdgeAuth auth, String productId, StatOptions options, Clock clock) {
    this.fanout = fanout;
    this.auth = auth;
    this.productId = productId;
    this.pageKeys = new PageKeys(options, clock);
  }

  public void mount(Router router) {
    router.get(BASE + "getonlinelist").handler(ctx -> list(ctx, HeldStats.ONLINE));
    router.get(BASE + "getpushlist").handler(ctx -> list(ctx, HeldStats.PUSH));
  }

  private void list(RoutingContext ctx, String list) {
    auth.master(ctx);
    RequestParams params = new RequestParams(ctx);
    String product = params.required("productid", "product_id");
    if (!product.equals(productId)) {
      throw ApiError.invalid("this edge serves product " + productId + ", not '" + RequestParams.shown(product)
          + "': pass productid=" + productId).exception();
    }
    int page = (int) number(params, "page", 1, MAX_PAGE);
    int size = (int) number(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    String pageKey = params.optional("page_key");
    if (pageKey != null) {
      PageKeys.Snapshot kept = pageKeys.get(pageKey).orElseThrow(() -> new ApiError(200,
          EdgeErrno.PAGE_KEY_EXPIRED, "page_key '" + RequestParams.shown(pageKey) + "' is unknown or older than its"
          + " lifetime (spec 13.1: 5 minutes): query the first page again without page_key").exception());
      send(ctx, Map.entry(pageKey, kept), page, size);
      return;
    }
    String channel = params.optional("channelid", "channel_id");
    String protocol = HeldStats.ONLINE.equals(list) ? params.optional("protocoltype", "protocol_type") : null;
    if (protocol != null && !protocol.equalsIgnoreCase(Viewers.RTMP) && !protocol.equalsIgnoreCase(Viewers.HLS)) {
      throw ApiError.invalid("protocoltype must be RTMP or HLS, got '" + RequestParams.shown(protocol) + "'")
          .exception();
    }
    JsonObject request = HeldStats.request(list, params.optional("deviceid", "device_id"),
        channel == null ? null : (int) RequestParams.wholeNumber("channelid", channel, 0, Integer.MAX_VALUE),
        protocol);
    fanout.ask(HeldStats.TOPIC, request).onComplete(ar -> {
      SiteFanout.Answers answers = ar.result(); // ask never fails: a silent member is a missing one
      List<JsonObject> rows = new ArrayList<>();
      answers.byNode().values().forEach(a -> a.getJsonArray("rows", new JsonArray())
          .forEach(r -> rows.add((JsonObject) r)));
      rows.sort(Comparator.comparingLong((JsonObject r) -> r.getLong(HeldStats.SINCE_FIELD))
          .thenComparing(r -> r.getString("node")));
      rows.forEach(r -> r.remove(HeldStats.SINCE_FIELD));
      send(ctx, pageKeys.open(rows, answers.missing()), page, size);
    });
  }

  /** A page of a kept list, with the spec's page_info and key, marked partial as its first query was. */
  private static void send(RoutingContext ctx, Map.Entry<String, PageKeys.Snapshot> kept, int page, int size) {
    PageKeys.Snapshot list = kept.getValue();
    Page<JsonObject> cut = Page.of(list.rows(), page, size);
    JsonObject pageInfo = new JsonObject().put("total_num", cut.total()).put("page_total", cut.pageTotal())
        .put("page_size", size).put("current_page", page).put("page_key", kept.getKey());
    JsonObject body = new JsonObject().put("errno", 0).put("error", ApiEnvelope.SUCCESS_MESSAGE)
        .put("result", new JsonArray(new ArrayList<>(cut.items()))).put("page_info", pageInfo);
    if (list.cut()) {
      body.put("truncated", true); // past the rows page keys may hold: narrow the query by device or channel
    }
    ApiEnvelope.send(ctx.response(), 200, new SiteFanout.Answers(Map.of(), list.unavailable()).markPartial(body));
  }

  private static long number(RequestParams params, String name, long fallback, long max) {
    String value = params.optional(name);
    return value == null ? fallback : RequestParams.wholeNumber(name, value, 1, max);
  }
}
