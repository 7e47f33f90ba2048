package dev.edgerelay.sim.http;

import dev.edgerelay.sim.Channel;
import dev.edgerelay.sim.Device;
import dev.edgerelay.sim.Picture;
import dev.edgerelay.sim.PictureAlbum;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Spec 5.1-5.5: picture upload (names unique per device-channel), list, info, delete, and the image URL. */
final class PictureRoutes {
  /** Largest picture accepted; a snapshot is far smaller, a mistaken upload of a video is not. */
  static final long MAX_PICTURE_BYTES = 8L * 1024 * 1024;
  static final int MAX_NAME = 256;
  static final int MAX_DESC = 1024;
  static final int DEFAULT_PAGE_SIZE = 10;
  private static final Set<String> FORMATS = Set.of("jpg", "png");
  private static final String BASE = "/ipc/video/picture/";
  /** Where the {@code url} of a picture points (spec 5.5: GET, no key). */
  static final String IMAGE_PATH = "/pictures/";

  private final SimContext sim;
  private final PictureAlbum album;

  PictureRoutes(SimContext sim) {
    this.sim = sim;
    this.album = sim.state().pictures();
  }

  void mount(Router router) {
    router.route(HttpMethod.PUT, BASE + "upload").handler(Envelope.body(MAX_PICTURE_BYTES)).handler(this::upload);
    router.route(HttpMethod.GET, BASE + "get_list").handler(this::list);
    router.route(HttpMethod.GET, BASE + "get_info").handler(this::info);
    // the original document's spelling and the correct one (API-NOTES "Wire names")
    router.route(HttpMethod.DELETE, BASE + "delete_pictrue").handler(this::delete);
    router.route(HttpMethod.DELETE, BASE + "delete_picture").handler(this::delete);
    router.route(HttpMethod.GET, IMAGE_PATH + ":device/:channel/:name").handler(this::image);
  }

  private Channel channel(RoutingContext ctx, Params params) {
    Device device = sim.device(ctx, params, "device_id");
    return sim.channel(device, params, "channel_id");
  }

  private void upload(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Channel channel = channel(ctx, params);
    String format = params.required("format").toLowerCase(java.util.Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new ApiException(SimError.PARAM_INVALID, "Parameter format must be jpg or png");
    }
    String name = params.required(MAX_NAME, "name");
    String desc = params.optional("desc");
    if (desc != null && desc.length() > MAX_DESC) {
      throw new ApiException(SimError.PARAM_INVALID, "Parameter desc is over " + MAX_DESC + " characters");
    }
    byte[] data = params.bytes();
    if (data.length == 0) {
      throw new ApiException(SimError.BODY_INVALID, "The body is empty: send the picture's bytes");
    }
    Picture picture = new Picture(channel.deviceId(), channel.channelId(), name, format, desc == null ? "" : desc,
        sim.now() / 1000, data);
    switch (album.add(picture)) {
      case STORED -> Envelope.ok(ctx);
      case NAME_TAKEN -> throw new ApiException(SimError.PICTURE_NAME_TAKEN);
      default -> throw new ApiException(SimError.LIMIT_REACHED, "A channel keeps at most "
          + PictureAlbum.MAX_PICTURES_PER_CHANNEL + " pictures: delete some first");
    }
  }

  private void list(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Channel channel = channel(ctx, params);
    long from = params.optionalLong(0, 0, Long.MAX_VALUE, "start_time");
    long to = params.optionalLong(Long.MAX_VALUE, 0, Long.MAX_VALUE, "end_time");
    int page = Paging.pageStart(params);
    int size = Paging.pageSize(params, DEFAULT_PAGE_SIZE);
    List<Picture> matches = album.list(channel.deviceId(), channel.channelId()).stream()
        .filter(p -> p.dateSeconds() >= from && p.dateSeconds() <= to).toList();
    JsonArray data = new JsonArray();
    Paging.slice(matches, page, size).forEach(p -> data.add(render(p)));
    Envelope.send(ctx, 200, Envelope.succ().put("data", data).put("page_info", Paging.info(matches.size(), size, page)));
  }

  private Picture picture(RoutingContext ctx, Params params) {
    Channel channel = channel(ctx, params);
    String name = params.required("name");
    return album.get(channel.deviceId(), channel.channelId(), name)
        .orElseThrow(() -> new ApiException(SimError.PICTURE_NOT_FOUND));
  }

  private void info(RoutingContext ctx) {
    Envelope.ok(ctx, "data", render(picture(ctx, Params.of(ctx))));
  }

  private void delete(RoutingContext ctx) {
    Picture picture = picture(ctx, Params.of(ctx));
    album.delete(picture.deviceId(), picture.channelId(), picture.name());
    Envelope.ok(ctx);
  }

  private void image(RoutingContext ctx) {
    int channelId;
    try {
      channelId = Integer.parseInt(ctx.pathParam("channel"));
    } catch (NumberFormatException e) {
      throw new ApiException(SimError.PARAM_INVALID, "The channel in a picture URL is a number");
    }
    Picture picture = album.get(ctx.pathParam("device"), channelId, ctx.pathParam("name"))
        .orElseThrow(() -> new ApiException(SimError.PICTURE_NOT_FOUND));
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, picture.format().equals("png") ? "image/png" : "image/jpeg")
        .end(Buffer.buffer(picture.data()));
  }

  private JsonObject render(Picture p) {
    String url = "http://" + sim.httpAddress() + IMAGE_PATH + p.deviceId() + "/" + p.channelId() + "/"
        + URLEncoder.encode(p.name(), StandardCharsets.UTF_8).replace("+", "%20");
    return new JsonObject().put("format", p.format()).put("size", p.data().length).put("date", p.dateSeconds())
        .put("name", p.name()).put("desc", p.desc()).put("url", url);
  }
}
