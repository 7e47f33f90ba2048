package dev.edgerelay.relay.http;

import dev.edgerelay.relay.channels.ChannelDirectory;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * The edge's api-key rule, the platform's own (API-NOTES: header {@code api-key}): the master key
 * operates everything; a device's key operates only that device. Play URLs take tokens instead.
 */
public final class EdgeAuth {
  /** Who a request speaks for. {@code deviceId} is null for the master key. */
  public record Caller(String deviceId) {
    public boolean master() {
      return deviceId == null;
    }
  }

  /** The platform's key header (API-NOTES "Envelope, auth, host"). */
  public static final String HEADER = "api-key";
  /** The query parameter a metrics scraper may carry the key in instead: many cannot set headers. */
  public static final String SCRAPE_PARAM = "key";
  private static final String BEARER = "Bearer ";

  private final byte[] masterKey;
  private final ChannelDirectory directory;

  public EdgeAuth(String masterKey, ChannelDirectory directory) {
    this.masterKey = masterKey.getBytes(StandardCharsets.UTF_8);
    this.directory = directory;
  }

  /** The caller, or an {@link ApiException} (101 no key, 102 unknown key). */
  public Caller caller(RoutingContext ctx) {
    return callerOf(ctx.request().getHeader(HEADER));
  }

  private Caller callerOf(String key) {
    if (key == null || key.isEmpty()) {
      throw new ApiError(200, EdgeErrno.AUTH_MISSING,
          "missing header api-key: send the platform master key or the device's own key").exception();
    }
    if (MessageDigest.isEqual(masterKey, key.getBytes(StandardCharsets.UTF_8))) {
      return new Caller(null);
    }
    String device = directory.deviceOfKey(key);
    if (device == null) {
      throw new ApiError(200, EdgeErrno.AUTH_INVALID,
          "unknown api-key: use the master key or a key the platform lists for the device").exception();
    }
    return new Caller(device);
  }

  /** The caller, who must be allowed to operate {@code deviceId} (103 otherwise). */
  public Caller callerFor(RoutingContext ctx, String deviceId) {
    Caller caller = caller(ctx);
    if (!caller.master() && !caller.deviceId().equals(deviceId)) {
      throw new ApiError(200, EdgeErrno.AUTH_OTHER_DEVICE,
          "this device key operates only device " + caller.deviceId() + ": use the master key or device "
              + RequestParams.shown(deviceId) + "'s own key").exception();
    }
    return caller;
  }

  /** True when {@code apiKey} may act for {@code deviceId}: the master key, or that device's own key. */
  public boolean mayPublish(String apiKey, String deviceId) {
    if (MessageDigest.isEqual(masterKey, apiKey.getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    return deviceId.equals(directory.deviceOfKey(apiKey));
  }

  /** The caller, who must hold the master key (104 otherwise). */
  public Caller master(RoutingContext ctx) {
    return master(caller(ctx));
  }

  /**
   * For {@code GET /edge/metrics} only: the master key or {@code scrapeKey} (when not empty), sent as
   * {@code authorization: Bearer KEY} (Prometheus's own {@code authorization} setting), in the {@code api-key}
   * header, or, for scrapers that cannot send headers, in the {@code key} query parameter. The scrape key is
   * checked here and nowhere else, so it reads the metrics and nothing more.
   */
  public void scraper(RoutingContext ctx, String scrapeKey) {
    String bearer = ctx.request().getHeader("authorization");
    String header = ctx.request().getHeader(HEADER);
    String key = bearer != null && bearer.regionMatches(true, 0, BEARER, 0, BEARER.length())
        ? bearer.substring(BEARER.length()).trim()
        : header != null && !header.isEmpty() ? header : ctx.request().getParam(SCRAPE_PARAM);
    if (key != null && !scrapeKey.isEmpty()
        && MessageDigest.isEqual(scrapeKey.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))) {
      return;
    }
    if (key == null || key.isEmpty()) {
      throw new ApiError(200, EdgeErrno.AUTH_MISSING, "missing key: send the scrape key (--metrics-scrape-key) as"
          + " 'authorization: Bearer KEY', as header api-key or as ?key=, or the master key").exception();
    }
    master(callerOf(key));
  }

  private static Caller master(Caller caller) {
    if (!caller.master()) {
      throw new ApiError(200, EdgeErrno.AUTH_MASTER_ONLY, "this route needs the master key").exception();
    }
    return caller;
  }
}
