package dev.edgerelay.relay.upload;

import dev.edgerelay.recorder.outbox.OutboxState;
import dev.edgerelay.recorder.outbox.OutboxStats;
import dev.edgerelay.relay.http.EdgeAuth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The outbox figures of {@code GET /edge/outbox} as metrics, served at {@code GET /edge/metrics}
 * in Prometheus text format. Gauges read the figures fetched for the scrape, so every scrape is current
 * and the outbox's dispatcher stays the only thread reading its state.
 */
public final class OutboxMetrics {
  private static final OutboxStats EMPTY = new OutboxStats(0, 0, 0, 0, 0, 0, 0, 0, List.of());

  private final UploadService uploads;
  private final EdgeAuth auth;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<OutboxStats> last = new AtomicReference<>(EMPTY);
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

  public OutboxMetrics(UploadService uploads, EdgeAuth auth) {
    this.uploads = uploads;
    this.auth = auth;
    state(OutboxState.PENDING, OutboxStats::pending);
    state(OutboxState.IN_FLIGHT, OutboxStats::inFlight);
    state(OutboxState.DONE, OutboxStats::done);
    state(OutboxState.PARKED, OutboxStats::parked);
    gauge("edge_outbox_oldest_pending_age_seconds", "age of the oldest pending upload",
        OutboxStats::oldestPendingAgeSeconds);
    gauge("edge_outbox_bytes_pending", "bytes waiting to be uploaded", OutboxStats::bytesPending);
    gauge("edge_outbox_refused", "items refused since start because the outbox was full", OutboxStats::refused);
  }

  private void state(OutboxState state, ToDoubleFunction<OutboxStats> figure) {
    Gauge.builder("edge_outbox_items", last, r -> figure.applyAsDouble(r.get()))
        .description("upload outbox items by state").tag("state", state.wireName()).register(registry);
  }

  private void gauge(String name, String description, ToDoubleFunction<OutboxStats> figure) {
    Gauge.builder(name, last, r -> figure.applyAsDouble(r.get())).description(description).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Runs {@code refresh} before every scrape: meters whose set of series changes (one per node) update there. */
  public void beforeScrape(Runnable refresh) {
    beforeScrape.add(refresh);
  }

  public void mount(Router router) {
    router.get("/edge/metrics").handler(this::scrape);
  }

  /** The master key, as header or {@code ?key=} (Prometheus {@code params:}), like the other /edge routes. */
  private void scrape(RoutingContext ctx) {
    auth.masterForScrape(ctx);
    uploads.stats().onComplete(ar -> {
      if (ar.succeeded()) {
        last.set(ar.result());
      }
      try { // outside the router: a failure here must still answer, or the scrape hangs
        beforeScrape.forEach(Runnable::run);
        ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }
}
