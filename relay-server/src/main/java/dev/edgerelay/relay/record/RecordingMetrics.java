package dev.edgerelay.relay.record;

import dev.edgerelay.recorder.ChannelRef;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The recording of each recording channel on {@code GET /edge/metrics} (docs/metrics.md): its faults as counters
 * ({@code edge_recording_early_cuts_total{device_id,channel_id}} and friends, read from its supervisor at each
 * scrape) and its segment write latency, registered while the channel records; and the node's totals, which keep
 * the counts of channels that stopped recording here.
 */
final class RecordingMetrics {
  /**
   * Buckets of the segment write latency: a commit forces a few MB to disk and writes the index, milliseconds on
   * a healthy disk, seconds on one that is falling behind. Fixed buckets keep the series per channel few.
   */
  static final Duration[] WRITE_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

  private final MeterRegistry registry;
  private final Map<ChannelRef, Registered> channels = new ConcurrentHashMap<>();
  /** Early cuts of the channels that stopped recording here since start. */
  private final AtomicLong earlyCutsGone = new AtomicLong();
  private final Timer nodeWrites;

  private record Registered(RecorderSupervisor supervisor, List<Meter> meters) {}

  RecordingMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.nodeWrites = writeTimer("edge_node_segment_write", Tags.empty(), "every recording channel's");
    FunctionCounter.builder("edge_node_recording_early_cuts", this, RecordingMetrics::earlyCutsTotal)
        .description("segments closed early because the disk fell behind, every channel since start")
        .register(registry);
  }

  private Timer writeTimer(String name, Tags tags, String whose) {
    return Timer.builder(name).tags(tags).serviceLevelObjectives(WRITE_BUCKETS)
        .description(whose + " segment commits: from the segment's close to its bytes forced to disk and indexed")
        .register(registry);
  }

  private long earlyCutsTotal() {
    return earlyCutsGone.get() + channels.values().stream().mapToLong(r -> r.supervisor().facts().earlyCuts()).sum();
  }

  void add(RecorderSupervisor supervisor) {
    ChannelRef c = supervisor.channel();
    Tags tags = Tags.of("device_id", c.deviceId(), "channel_id", Integer.toString(c.channelId()));
    channels.computeIfAbsent(c, k -> {
      List<Meter> meters = new ArrayList<>(List.of(
          counter("edge_recording_segments", "segments recorded", supervisor, tags, s -> s.facts().segments()),
          counter("edge_recording_early_cuts", "segments closed early because the disk fell behind", supervisor,
              tags, s -> s.facts().earlyCuts()),
          counter("edge_recording_skipped_units", "units not recorded while the disk caught up", supervisor, tags,
              s -> s.facts().skippedUnits()),
          counter("edge_recording_abandoned_segments", "segments discarded whole: the disk fell too far behind",
              supervisor, tags, s -> s.facts().abandonedSegments()),
          counter("edge_recording_failures", "runs of the channel's recorder that failed and were restarted",
              supervisor, tags, s -> s.facts().failures())));
      Timer writes = writeTimer("edge_recording_segment_write", tags, "this channel's");
      meters.add(writes);
      supervisor.backlog().onCommitLatency(nanos -> {
        writes.record(nanos, TimeUnit.NANOSECONDS);
        nodeWrites.record(nanos, TimeUnit.NANOSECONDS);
      });
      return new Registered(supervisor, meters);
    });
  }

  void remove(ChannelRef channel) {
    Registered gone = channels.remove(channel);
    if (gone != null) {
      earlyCutsGone.addAndGet(gone.supervisor().facts().earlyCuts());
      gone.supervisor().backlog().onCommitLatency(nanos -> {});
      gone.meters().forEach(registry::remove);
    }
  }

  private Meter counter(String name, String description, RecorderSupervisor supervisor, Tags tags,
      ToDoubleFunction<RecorderSupervisor> figure) {
    return FunctionCounter.builder(name, supervisor, figure).description(description).tags(tags).register(registry);
  }
}
