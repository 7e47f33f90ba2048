package dev.edgerelay.relay.metrics;

import dev.edgerelay.recorder.retention.Retention;
import dev.edgerelay.relay.record.RecordingService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The recordings' storage on {@code /edge/metrics} (docs/metrics.md): bytes used, free on the volume, the quota,
 * and what retention deleted. Used and free are read from the index and the file system on the recorder's workers
 * by {@link #refresh()} before each scrape, never on the event loop that answers it.
 */
final class StorageMetrics {
  private record Figures(long usedBytes, long freeBytes) {}

  private final RecordingService recorder;
  private final AtomicReference<Figures> last = new AtomicReference<>(new Figures(0, 0));

  StorageMetrics(MeterRegistry registry, RecordingService recorder) {
    this.recorder = recorder;
    Gauge.builder("edge_storage_used_bytes", last, f -> f.get().usedBytes())
        .description("bytes the recordings use").register(registry);
    Gauge.builder("edge_storage_free_bytes", last, f -> f.get().freeBytes())
        .description("bytes usable on the recordings' volume").register(registry);
    Gauge.builder("edge_storage_quota_bytes", recorder, r -> r.retention().policy().quotaBytes())
        .description("the recordings' quota (--record-quota-mb), 0 for none").register(registry);
    Retention retention = recorder.retention();
    FunctionCounter.builder("edge_storage_retention_deleted_segments", retention, Retention::deletedSegmentsTotal)
        .description("segments retention deleted (age, quota, free space) since start").register(registry);
    FunctionCounter.builder("edge_storage_retention_deleted_bytes", retention, Retention::deletedBytesTotal)
        .description("bytes of the segments retention deleted since start").register(registry);
  }

  /** Reads used and free bytes on a worker for the next scrape; a failure keeps the last figures. */
  Future<Void> refresh() {
    return recorder.blocking(() -> new Figures(recorder.catalog().usedBytes(), recorder.catalog().freeBytes()))
        .onSuccess(last::set).<Void>mapEmpty().otherwiseEmpty();
  }
}
