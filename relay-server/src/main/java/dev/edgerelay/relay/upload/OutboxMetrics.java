package dev.edgerelay.relay.upload;

import dev.edgerelay.recorder.outbox.OutboxState;
import dev.edgerelay.recorder.outbox.OutboxStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The outbox figures of {@code GET /edge/outbox} as metrics of {@code GET /edge/metrics}. Gauges read the figures
 * fetched by {@link #refresh()} before each scrape, so every scrape is current and the outbox's dispatcher stays the
 * only thread reading its state.
 */
public final class OutboxMetrics {
  private static final OutboxStats EMPTY = new OutboxStats(0, 0, 0, 0, 0, 0, 0, 0, List.of());

  private final UploadService uploads;
  private final MeterRegistry registry;
  private final AtomicReference<OutboxStats> last = new AtomicReference<>(EMPTY);

  public OutboxMetrics(UploadService uploads, MeterRegistry registry) {
    this.uploads = uploads;
    this.registry = registry;
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

  /** Fetches the outbox's figures for the next scrape; a failure keeps the last ones. */
  public Future<Void> refresh() {
    return uploads.stats().onSuccess(last::set).<Void>mapEmpty().otherwiseEmpty();
  }
}
