package dev.edgerelay.relay.record;

import dev.edgerelay.recorder.ChannelRef;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The recording faults of each recording channel as counters of {@code GET /edge/metrics}
 * ({@code edge_recording_early_cuts_total{device_id,channel_id}} and friends): registered while the channel
 * records, read from its supervisor at each scrape.
 */
final class RecordingMetrics {
  private final MeterRegistry registry;
  private final Map<ChannelRef, List<Meter>> meters = new ConcurrentHashMap<>();

  RecordingMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void add(RecorderSupervisor supervisor) {
    ChannelRef c = supervisor.channel();
    Tags tags = Tags.of("device_id", c.deviceId(), "channel_id", Integer.toString(c.channelId()));
    meters.computeIfAbsent(c, k -> List.of(
        counter("edge_recording_segments", "segments recorded", supervisor, tags, s -> s.facts().segments()),
        counter("edge_recording_early_cuts", "segments closed early because the disk fell behind", supervisor, tags,
            s -> s.facts().earlyCuts()),
        counter("edge_recording_skipped_units", "units not recorded while the disk caught up", supervisor, tags,
            s -> s.facts().skippedUnits()),
        counter("edge_recording_abandoned_segments", "segments discarded whole: the disk fell too far behind",
            supervisor, tags, s -> s.facts().abandonedSegments()),
        counter("edge_recording_failures", "runs of the channel's recorder that failed and were restarted",
            supervisor, tags, s -> s.facts().failures())));
  }

  void remove(ChannelRef channel) {
    List<Meter> gone = meters.remove(channel);
    if (gone != null) {
      gone.forEach(registry::remove);
    }
  }

  private Meter counter(String name, String description, RecorderSupervisor supervisor, Tags tags,
      ToDoubleFunction<RecorderSupervisor> figure) {
    return FunctionCounter.builder(name, supervisor, figure).description(description).tags(tags).register(registry);
  }
}
