package dev.edgerelay.sim.http;

import dev.edgerelay.sim.ObjectStore;
import dev.edgerelay.sim.StoredObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Spec 15: the product's public object storage. Its errno is the HTTP status (200 for upload and delete, 0 for
 * list); 1001-1003 check names and descs (answered with HTTP 400, as 1001 is no HTTP status); 413 over 8 MB.
 */
final class ObjectStorageRoutes {
  /** Spec 15.1: "Upload object size is limited to 8M". */
  static final long MAX_OBJECT_BYTES = 8L * 1024 * 1024;
  /** Spec 15 code 1002. */
  static final int MAX_NAME = 256;
  /** Spec 15 code 1003. */
  static final int MAX_DESC = 1024;
  static final int DEFAULT_PAGE_SIZE = 50;
  /**
   * Spec 15 code 1001 "excluding special characters" names none; the emulator allows what recording paths need:
   * letters, digits, '-', '_', '.', '/'.
   */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9._/-]+");
  private static final String BASE = Envelope.OBJECT_STORAGE_PREFIX;

  private final SimContext sim;
  private final ObjectStore store;

  ObjectStorageRoutes(SimContext sim) {
    this.sim = sim;
    this.store = sim.state().objects();
  }

  void mount(Router router) {
    // the key is checked before the body is read, so a refused upload is not buffered
    router.route(HttpMethod.PUT, BASE + "upload").handler(this::authorize).handler(Envelope.body(MAX_OBJECT_BYTES))
        .handler(this::upload);
    router.route(HttpMethod.GET, BASE + "download").handler(this::authorize).handler(this::download);
    router.route(HttpMethod.DELETE, BASE + "delete").handler(this::authorize).handler(this::delete);
    router.route(HttpMethod.GET, BASE + "list").handler(this::authorize).handler(this::list);
  }

  private void authorize(RoutingContext ctx) {
    sim.auth().requireAny(ctx);
    sim.product(Params.of(ctx), "product_id");
    ctx.next();
  }

  private static String name(Params params) {
    String name = params.required("name");
    if (name.length() > MAX_NAME) {
      throw new ApiException(SimError.OS_NAME_TOO_LONG);
    }
    if (!NAME.matcher(name).matches()) {
      throw new ApiException(SimError.OS_NAME_SPECIAL);
    }
    return name;
  }

  private static void succ(RoutingContext ctx) {
    Envelope.send(ctx, 200, new JsonObject().put("errno", SimError.OS_OK.errno()).put("error", "succ"));
  }

  private void upload(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String name = name(params);
    String desc = params.optional("desc");
    if (desc != null && desc.length() > MAX_DESC) {
      throw new ApiException(SimError.OS_DESC_TOO_LONG);
    }
    StoredObject object = new StoredObject(sim.options().productId(), name, desc == null ? "" : desc,
        sim.now() / 1000, params.bytes());
    if (!store.put(object)) {
      throw new ApiException(SimError.OS_UNAVAILABLE);
    }
    succ(ctx);
  }

  private StoredObject existing(Params params) {
    return store.get(sim.options().productId(), name(params))
        .orElseThrow(() -> new ApiException(SimError.OS_NOT_FOUND, "No object with this name"));
  }

  private void download(RoutingContext ctx) {
    StoredObject object = existing(Params.of(ctx));
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream").end(Buffer.buffer(object.data()));
  }

  private void delete(RoutingContext ctx) {
    StoredObject object = existing(Params.of(ctx));
    store.delete(object.productId(), object.name());
    succ(ctx);
  }

  /** Spec 15.4: {@code name} filters by prefix here (the spec does not say how it filters). */
  private void list(RoutingContext ctx) {
    Params params = Params.of(ctx);
    int page = Paging.pageStart(params);
    int size = Paging.pageSize(params, DEFAULT_PAGE_SIZE);
    List<StoredObject> matches = store.list(sim.options().productId(), params.optional("name"));
    JsonArray data = new JsonArray();
    long productId = Long.parseLong(sim.options().productId());
    Paging.slice(matches, page, size).forEach(o -> data.add(new JsonObject().put("product_id", productId)
        .put("name", o.name()).put("size", o.data().length).put("date", o.dateSeconds()).put("desc", o.desc())));
    Envelope.send(ctx, 200, new JsonObject().put("data", data).put("errno", 0).put("error", "succ")
        .put("page_info", Paging.info(matches.size(), size, page)));
  }
}
