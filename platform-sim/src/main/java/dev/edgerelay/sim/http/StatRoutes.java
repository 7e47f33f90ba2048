package dev.edgerelay.sim.http;

import dev.edgerelay.sim.StatRegistry;
import dev.edgerelay.sim.StreamSession;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Predicate;

/**
 * Spec 13.1 getonlinelist (viewers) and 13.2 getpushlist (pushes): master key only. The first query snapshots
 * the matching rows under a {@code page_key}; later pages read that snapshot while it lives (5 minutes).
 */
final class StatRoutes {
  static final int DEFAULT_PAGE_SIZE = 10;
  private static final String BASE = "/ipc/video/stat/";

  private final SimContext sim;
  private final StatRegistry stats;

  StatRoutes(SimContext sim) {
    this.sim = sim;
    this.stats = sim.state().stats();
  }

  void mount(Router router) {
    router.route(HttpMethod.GET, BASE + "getonlinelist").handler(ctx -> list(ctx, false));
    router.route(HttpMethod.GET, BASE + "getpushlist").handler(ctx -> list(ctx, true));
  }

  private void list(RoutingContext ctx, boolean pushes) {
    sim.auth().requireMaster(ctx);
    Params params = Params.of(ctx);
    String productId = sim.product(params, "product_id", "productid");
    int page = params.optionalInt(1, 1, Paging.MAX_PAGE, "page");
    int size = Paging.pageSize(params, DEFAULT_PAGE_SIZE);
    String pageKey = params.optional("page_key");
    List<JsonObject> rows;
    if (pageKey != null) {
      rows = stats.pages(pageKey).orElseThrow(() -> new ApiException(SimError.PAGE_KEY_EXPIRED));
    } else {
      Predicate<StreamSession> filter = filter(params, pushes);
      rows = (pushes ? stats.pushes() : stats.viewers()).stream().filter(filter)
          .map(s -> row(s, productId, pushes)).toList();
      pageKey = stats.openPages(rows);
    }
    JsonArray result = new JsonArray();
    Paging.slice(rows, page, size).forEach(result::add);
    Envelope.send(ctx, 200, Envelope.succ().put("result", result)
        .put("page_info", Paging.info(rows.size(), size, page).put("page_key", pageKey)));
  }

  private static Predicate<StreamSession> filter(Params params, boolean pushes) {
    String deviceId = params.optional("deviceid", "device_id");
    String channelId = params.optional("channelid", "channel_id");
    String protocol = pushes ? null : params.optional("protocoltype", "protocol_type");
    return s -> (deviceId == null || deviceId.equals(s.deviceId()))
        && (channelId == null || channelId.equals(Integer.toString(s.channelId())))
        && (protocol == null || protocol.equalsIgnoreCase(s.protocolType()));
  }

  /** A row as spec 13 shows it: ids as numbers, run-together lowercase names. */
  private JsonObject row(StreamSession s, String productId, boolean push) {
    return new JsonObject()
        .put("productid", Long.parseLong(productId))
        .put("deviceid", numberOrString(s.deviceId()))
        .put("channelid", s.channelId())
        .put("protocoltype", s.protocolType())
        .put(push ? "puship" : "clientip", s.peerIp())
        .put("videocodec", s.videoCodec())
        .put("resolution", s.resolution())
        .put("fps", s.fps())
        .put("audiocodec", s.audioCodec())
        .put("bandwidth", s.bandwidth())
        .put(push ? "pushtime" : "onlinetime", WireTime.elapsed(sim.now() - s.startedMillis()));
  }

  private static Object numberOrString(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return id;
    }
  }
}
