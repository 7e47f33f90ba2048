package dev.edgerelay.relay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hooks other parts call: takeover durations land in one timer, partial fan-outs in one counter; and the
 * config digests name the sections in which two nodes differ.
 */
class ClusterMetricsTest {
  @Test
  void shouldTimeTakeoversAndCountPartialFanOutsOnceBound() {
    ClusterMetrics metrics = new ClusterMetrics();
    metrics.partialFanOut(); // counted before the registry exists: a fan-out may answer before the node is ready
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bind(registry, new SingleNode("box-1"), () -> 3, () -> 2);

    metrics.takeover(1_500);
    metrics.takeover(2_500);
    metrics.partialFanOut();

    assertThat(registry.get("edge_cluster_takeover").timer().count()).isEqualTo(2);
    assertThat(registry.get("edge_cluster_takeover").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4_000);
    assertThat(registry.get("edge_cluster_partial_fanouts").functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("edge_cluster_relays").gauge().value()).isEqualTo(3);
    assertThat(registry.get("edge_cluster_relays_served").gauge().value()).isEqualTo(2);
    assertThat(registry.get("edge_cluster_stranded_uploads").tag("node", "box-1").gauge().value()).isZero();
  }

  @Test
  void shouldNameTheSectionsWhoseDigestsDiffer() {
    ConfigDigest here = new ConfigDigest("all-1", Map.of("upload", "u1", "recorder", "r1", "live", "l1"));
    ConfigDigest uploadAndRecorder = new ConfigDigest("all-2",
        Map.of("upload", "u2", "recorder", "r2", "live", "l1"));

    assertThat(uploadAndRecorder.differingSections(here)).containsExactly("recorder", "upload");
    assertThat(here.differingSections(here)).isEmpty();
    assertThat(ConfigDigest.of("old").differingSections(here)).isEqualTo(List.of("unknown"));
    assertThat(ConfigDigest.of("").differingSections(here)).isEmpty();
  }
}
