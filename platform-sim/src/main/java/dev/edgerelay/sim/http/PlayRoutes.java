package dev.edgerelay.sim.http;

import dev.edgerelay.sim.Device;
import dev.edgerelay.sim.PlayGrant;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Spec 4.1 play_address (errno 1-5 of API-NOTES), and what the HLS/thumbnail host answers for a token: 4.2 preload
 * (the envelope, after checking the token) and 4.3 live_preview (a small generated JPEG).
 */
final class PlayRoutes {
  /** Spec 4.2: "idle cleaning time (s), maximum 120". */
  static final int MAX_IDLE_TIME_SECONDS = 120;
  /** Longest token lifetime a caller may ask for with {@code timeout}; -1 asks for one that never expires. */
  static final long MAX_TIMEOUT_MILLIS = 365L * 24 * 3_600_000L;
  static final int PREVIEW_WIDTH = 320;
  static final int PREVIEW_HEIGHT = 180;
  /** The doc writes {@code {dev}_{ch}} and {@code {dev}-{ch}}: both are accepted (API-NOTES play_address). */
  private static final Pattern DEVICE_CHANNEL = Pattern.compile("(\\d{1,20})[_-](\\d{1,10})");

  private final SimContext sim;
  private Future<Buffer> previewJpeg;

  PlayRoutes(SimContext sim) {
    this.sim = sim;
  }

  void mount(Router router) {
    router.route(HttpMethod.GET, "/ipc/video/play_address").handler(this::playAddress);
    router.route(HttpMethod.GET, "/live/:stream/preload").handler(this::preload);
    router.route(HttpMethod.GET, "/live_preview/:stream").handler(this::livePreview);
  }

  private void playAddress(RoutingContext ctx) {
    Params params = Params.of(ctx, SimError.PLAY_BAD_PARAMETER);
    String deviceId = params.deviceId("device_id");
    int channelId = params.requiredInt(0, SimContext.MAX_CHANNEL_ID, "channel_id");
    int protocol = params.requiredInt(0, 4, "protocol_type");
    long timeout = params.optionalLong(sim.options().tokenLifetimeMillis(), -1, MAX_TIMEOUT_MILLIS, "timeout");
    if (timeout == 0) {
      throw new ApiException(SimError.PLAY_BAD_PARAMETER, "Parameter timeout must be -1 (never) or > 0 ms");
    }
    sim.auth().requireDevice(ctx, deviceId);
    Device device = sim.state().device(deviceId).orElseThrow(() -> new ApiException(SimError.PLAY_NO_CHANNEL,
        "Device " + deviceId + " does not exist, so neither does its channel " + channelId));
    if (sim.state().channel(deviceId, channelId).isEmpty()) {
      throw new ApiException(SimError.PLAY_NO_CHANNEL, "Channel " + channelId + " does not exist on device "
          + deviceId + ": add it with AddChannel first");
    }
    if (!device.online()) {
      throw new ApiException(SimError.PLAY_DEVICE_OFFLINE);
    }
    if (sim.state().isCameraClosed(deviceId, channelId)) {
      throw new ApiException(SimError.PLAY_DEVICE_DATA);
    }
    PlayGrant grant = sim.state().issueToken(deviceId, channelId, null, timeout);
    boolean encrypted = sim.state().transEncrypt() == 1;
    String type = switch (protocol) {
      case 0 -> encrypted ? "rtmpe" : "rtmp";
      case 1, 3 -> "http";
      default -> "https";
    };
    String addr = protocol == 0 ? sim.rtmpAddress() : sim.httpAddress();
    Envelope.ok(ctx, "data", new JsonObject().put("addr", addr).put("accessToken", grant.token()).put("type", type)
        .put("coveraddr", sim.httpAddress()));
  }

  private PlayGrant liveGrant(RoutingContext ctx, String stream) {
    Matcher m = DEVICE_CHANNEL.matcher(stream);
    if (!m.matches()) {
      throw new ApiException(SimError.ROUTE_NOT_FOUND, "No stream '" + Params.abbreviate(stream)
          + "': expected {device_id}_{channel_id}");
    }
    String token = Params.of(ctx).optional("token");
    PlayGrant grant = sim.state().checkPlayToken(token).orElseThrow(() -> new ApiException(SimError.TOKEN_INVALID));
    if (!grant.isLive() || !grant.deviceId().equals(m.group(1))
        || !Integer.toString(grant.channelId()).equals(m.group(2))) {
      throw new ApiException(SimError.TOKEN_INVALID, "This token is for another stream: ask play_address for "
          + m.group(1) + "-" + m.group(2));
    }
    return grant;
  }

  /** Spec 4.2: {@code /live/live_{dev}_{ch}/preload?token=..&idle_time=..}. */
  private void preload(RoutingContext ctx) {
    String stream = ctx.pathParam("stream");
    if (!stream.startsWith("live_")) {
      throw new ApiException(SimError.ROUTE_NOT_FOUND, "Preload paths are /live/live_{device_id}_{channel_id}/preload");
    }
    Params.of(ctx).optionalInt(MAX_IDLE_TIME_SECONDS, 1, MAX_IDLE_TIME_SECONDS, "idle_time");
    liveGrant(ctx, stream.substring("live_".length()));
    Envelope.ok(ctx);
  }

  /** Spec 4.3: a thumbnail for a valid live token; the emulator draws a gradient instead of decoding video. */
  private void livePreview(RoutingContext ctx) {
    liveGrant(ctx, ctx.pathParam("stream"));
    jpeg().onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
        return;
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/jpeg").end(done.result());
    });
  }

  /** Drawn once on a worker (ImageIO is blocking), then reused. */
  private synchronized Future<Buffer> jpeg() {
    if (previewJpeg == null) {
      previewJpeg = sim.vertx().executeBlocking(PlayRoutes::drawPreview, false);
    }
    return previewJpeg;
  }

  static Buffer drawPreview() {
    BufferedImage image = new BufferedImage(PREVIEW_WIDTH, PREVIEW_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setPaint(new GradientPaint(0, 0, Color.DARK_GRAY, PREVIEW_WIDTH, PREVIEW_HEIGHT, Color.CYAN));
      g.fillRect(0, 0, PREVIEW_WIDTH, PREVIEW_HEIGHT);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }
}
