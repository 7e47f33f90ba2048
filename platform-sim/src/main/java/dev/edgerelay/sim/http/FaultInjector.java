package dev.edgerelay.sim.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fault injection for the platform API (not for {@code /sim/}): every request under a fault's path prefix is
 * delayed by its latency, and its {@code rate} share is answered with its HTTP status and an envelope whose errno
 * is that status. The first matching fault applies.
 */
public final class FaultInjector implements Handler<RoutingContext> {
  /** Faults active at once at most. */
  public static final int MAX_FAULTS = 32;
  /** Longest injected latency: long enough to trip any client timeout, short enough not to pile up requests. */
  public static final long MAX_LATENCY_MS = 60_000;
  static final String CONTROL_PREFIX = "/sim/";

  /** One rule, as posted to {@code /sim/faults}. */
  public record Fault(String pathPrefix, int status, double rate, long latencyMs) {
    JsonObject toJson() {
      return new JsonObject().put("path_prefix", pathPrefix).put("status", status).put("rate", rate)
          .put("latency_ms", latencyMs);
    }

    /** Reads and checks {@code {"path_prefix":"/ipc/video/file/","status":503,"rate":0.3,"latency_ms":200}}. */
    static Fault fromJson(JsonObject json) {
      Object prefix = json.getValue("path_prefix");
      Object status = json.getValue("status", 503);
      Object rate = json.getValue("rate", 1.0);
      Object latency = json.getValue("latency_ms", 0);
      if (!(prefix instanceof String p) || !p.startsWith("/")) {
        throw new ApiException(SimError.BODY_INVALID, "Field path_prefix must be a path starting with '/'");
      }
      if (!(status instanceof Number s) || s.intValue() < 100 || s.intValue() > 599) {
        throw new ApiException(SimError.BODY_INVALID, "Field status must be an HTTP status 100..599");
      }
      if (!(rate instanceof Number r) || r.doubleValue() < 0 || r.doubleValue() > 1) {
        throw new ApiException(SimError.BODY_INVALID, "Field rate must be 0..1");
      }
      if (!(latency instanceof Number l) || l.longValue() < 0 || l.longValue() > MAX_LATENCY_MS) {
        throw new ApiException(SimError.BODY_INVALID, "Field latency_ms must be 0.." + MAX_LATENCY_MS);
      }
      return new Fault(p, s.intValue(), r.doubleValue(), l.longValue());
    }
  }

  private final Vertx vertx;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final Random random = new Random();

  public FaultInjector(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Adds a rule; false when {@link #MAX_FAULTS} are active. */
  public synchronized boolean add(Fault fault) {
    if (faults.size() >= MAX_FAULTS) {
      return false;
    }
    faults.add(fault);
    return true;
  }

  public void clear() {
    faults.clear();
  }

  public JsonArray toJson() {
    return new JsonArray(faults.stream().map(Fault::toJson).toList());
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    Fault fault = path.startsWith(CONTROL_PREFIX) ? null
        : faults.stream().filter(f -> path.startsWith(f.pathPrefix())).findFirst().orElse(null);
    if (fault == null) {
      ctx.next();
      return;
    }
    boolean fail = random.nextDouble() < fault.rate();
    if (fault.latencyMs() == 0) {
      proceed(ctx, fault, fail);
      return;
    }
    // hold the body back until the route's BodyHandler is installed, which resumes the request
    ctx.request().pause();
    vertx.setTimer(fault.latencyMs(), t -> proceed(ctx, fault, fail));
  }

  private static void proceed(RoutingContext ctx, Fault fault, boolean fail) {
    if (!fail) {
      ctx.next();
      return;
    }
    Envelope.send(ctx, fault.status(), new JsonObject().put("errno", fault.status())
        .put("error", "Injected fault: " + fault.status() + " on " + fault.pathPrefix() + " (DELETE /sim/faults clears it)"));
    ctx.request().resume();
  }
}
