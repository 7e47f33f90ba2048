package dev.edgerelay.sim.http;

import dev.edgerelay.sim.Device;
import dev.edgerelay.sim.SimState;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Spec 1.1-1.6: device create, register_de, update, view, fuzzy search and delete. */
final class DeviceRoutes {
  /** Spec 1.2: sn and mac "up to 512 characters". */
  static final int MAX_SN = 512;
  /** Spec 1.5: "multiple commas separated, up to 100". */
  static final int MAX_SEARCH_IDS = 100;
  static final int DEFAULT_PER_PAGE = 30;

  private final SimContext sim;
  private final SimState state;

  DeviceRoutes(SimContext sim) {
    this.sim = sim;
    this.state = sim.state();
  }

  void mount(Router router) {
    router.route(HttpMethod.POST, "/devices").handler(Envelope.body(Envelope.JSON_BODY_LIMIT)).handler(this::create);
    router.route(HttpMethod.GET, "/devices").handler(this::search);
    router.route(HttpMethod.POST, "/register_de").handler(Envelope.body(Envelope.JSON_BODY_LIMIT))
        .handler(this::register);
    router.route(HttpMethod.PUT, "/devices/:id").handler(Envelope.body(Envelope.JSON_BODY_LIMIT))
        .handler(this::update);
    router.route(HttpMethod.GET, "/devices/:id").handler(this::view);
    router.route(HttpMethod.DELETE, "/devices/:id").handler(this::delete);
  }

  /** Spec 1.1: master key only; answers the new id. */
  private void create(RoutingContext ctx) {
    sim.auth().requireMaster(ctx);
    JsonObject attributes = DeviceAttributes.check(Params.of(ctx).jsonBody(), true);
    if (!attributes.containsKey("auth_info")) {
      attributes.put("auth_info", new JsonObject().put("SYS", SimState.randomToken()));
    }
    Device device = state.createDevice(attributes, false, null, null)
        .orElseThrow(() -> new ApiException(SimError.LIMIT_REACHED, "The emulator holds "
            + SimState.MAX_DEVICES + " devices at most: delete some first"));
    Envelope.ok(ctx, "data", new JsonObject().put("device_id", device.id()));
  }

  /** Spec 1.2: no key; exactly one of sn and mac; the same sn/mac registers the same device again. */
  private void register(RoutingContext ctx) {
    JsonObject body = Params.of(ctx).jsonBody();
    String sn = body.getValue("sn") == null ? null : DeviceAttributes.string(body.getValue("sn"), "sn", MAX_SN);
    String mac = body.getValue("mac") == null ? null : DeviceAttributes.string(body.getValue("mac"), "mac", MAX_SN);
    if ((sn == null) == (mac == null)) {
      throw new ApiException(SimError.PARAM_INVALID, "Send exactly one of sn and mac");
    }
    JsonObject attributes = new JsonObject().put("title", sn != null ? sn : mac);
    if (body.getValue("title") != null) {
      attributes.put("title", DeviceAttributes.string(body.getValue("title"), "title",
          DeviceAttributes.MAX_REGISTER_TITLE));
    }
    if (body.getValue("area") != null) {
      attributes.put("area", String.valueOf(body.getValue("area")));
    }
    attributes.put("auth_info", sn != null ? sn : mac);
    Optional<Device> existing = state.findRegistered(sn, mac);
    Device device = existing.or(() -> state.createDevice(attributes, false, sn, mac))
        .orElseThrow(() -> new ApiException(SimError.LIMIT_REACHED));
    Envelope.ok(ctx, "data", new JsonObject().put("key", device.key()).put("device_id", Long.parseLong(device.id())));
  }

  private Device existing(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    sim.auth().requireDevice(ctx, id);
    return state.device(id).orElseThrow(() -> new ApiException(SimError.DEVICE_NOT_FOUND,
        "Device " + Params.abbreviate(id) + " does not exist"));
  }

  private void update(RoutingContext ctx) {
    Device device = existing(ctx);
    JsonObject changes = DeviceAttributes.check(Params.of(ctx).jsonBody(), false);
    state.updateAttributes(device.id(), changes);
    Envelope.ok(ctx);
  }

  private void view(RoutingContext ctx) {
    Device device = existing(ctx);
    JsonObject json = render(device);
    json.put("keys", new JsonArray().add(new JsonObject().put("title", "device-auto-key").put("key", device.key())));
    Envelope.ok(ctx, "data", json);
  }

  private void delete(RoutingContext ctx) {
    Device device = existing(ctx);
    state.deleteDevice(device.id());
    Envelope.ok(ctx);
  }

  /** Spec 1.5: a device key sees only its own device. */
  private void search(RoutingContext ctx) {
    Optional<String> caller = sim.auth().requireAny(ctx);
    Params params = Params.of(ctx);
    int page = params.optionalInt(1, 1, Paging.MAX_PAGE, "page");
    int perPage = params.optionalInt(DEFAULT_PER_PAGE, 1, Paging.MAX_PAGE_SIZE, "per_page");
    Predicate<Device> filter = filter(params);
    List<Device> matches = state.devices().stream()
        .filter(d -> caller.map(id -> id.equals(d.id())).orElse(true))
        .filter(filter)
        .toList();
    JsonArray rows = new JsonArray();
    Paging.slice(matches, page, perPage).forEach(d -> rows.add(render(d)));
    Envelope.ok(ctx, "data", new JsonObject().put("total_count", matches.size()).put("per_page", perPage)
        .put("page", page).put("devices", rows));
  }

  private Predicate<Device> filter(Params params) {
    ZoneId zone = state.clock().getZone();
    Predicate<Device> filter = d -> true;
    String keyWords = params.optional("key_words");
    if (keyWords != null) {
      String k = keyWords.toLowerCase(Locale.ROOT);
      filter = filter.and(d -> d.id().startsWith(keyWords) || d.title().toLowerCase(Locale.ROOT).startsWith(k));
    }
    String title = params.optional("title");
    if (title != null) {
      String t = title.toLowerCase(Locale.ROOT);
      filter = filter.and(d -> d.title().toLowerCase(Locale.ROOT).startsWith(t));
    }
    String tag = params.optional("tag");
    if (tag != null) {
      filter = filter.and(d -> d.attributes().getJsonArray("tags", new JsonArray()).contains(tag));
    }
    Boolean online = bool(params, "online");
    if (online != null) {
      filter = filter.and(d -> d.online() == online);
    }
    Boolean priv = bool(params, "private");
    if (priv != null) {
      filter = filter.and(d -> d.attributes().getBoolean("private", false) == priv);
    }
    String ids = params.optional("device_id");
    if (ids != null) {
      Set<String> wanted = Arrays.stream(ids.split(",")).map(String::trim).collect(Collectors.toSet());
      if (wanted.size() > MAX_SEARCH_IDS) {
        throw new ApiException(SimError.PARAM_INVALID, "Parameter device_id lists at most " + MAX_SEARCH_IDS + " ids");
      }
      filter = filter.and(d -> wanted.contains(d.id()));
    }
    String authInfo = params.optional("auth_info");
    if (authInfo != null) {
      filter = filter.and(d -> authInfo.equals(String.valueOf(d.attributes().getValue("auth_info")))
          || authInfo.equals(d.attributes().getValue("auth_info") instanceof JsonObject o ? o.encode() : null));
    }
    String begin = params.optional("begin");
    if (begin != null) {
      long from = WireTime.parse(begin, zone, "begin");
      filter = filter.and(d -> d.createdMillis() >= from);
    }
    String end = params.optional("end");
    if (end != null) {
      long to = WireTime.parse(end, zone, "end") + (end.trim().length() == 10 ? 86_400_000L : 0);
      filter = filter.and(d -> d.createdMillis() < to);
    }
    return filter;
  }

  private static Boolean bool(Params params, String name) {
    String value = params.optional(name);
    if (value == null) {
      return null;
    }
    if (!value.equals("true") && !value.equals("false")) {
      throw new ApiException(SimError.PARAM_INVALID, "Parameter " + name + " must be true or false");
    }
    return Boolean.valueOf(value);
  }

  /** The device as spec 1.4/1.5 show it. */
  private JsonObject render(Device d) {
    ZoneId zone = state.clock().getZone();
    JsonObject a = d.attributes();
    JsonObject json = new JsonObject().put("id", d.id()).put("online", d.online()).put("protocol", "RTMP")
        .put("title", a.getString("title", "")).put("desc", a.getString("desc", ""))
        .put("private", a.getBoolean("private", false))
        .put("create_time", WireTime.format(d.createdMillis(), zone))
        .put("channel_count", state.channels(d.id()).size());
    if (d.lastLoginMillis() > 0) {
      json.put("last_login", WireTime.format(d.lastLoginMillis(), zone));
    }
    for (String name : List.of("location", "tags", "auth_info", "area", "other", "url", "idsn", "activate_code",
        "route_to", "interval")) {
      if (a.getValue(name) != null) {
        json.put(name, a.getValue(name));
      }
    }
    return json;
  }
}
