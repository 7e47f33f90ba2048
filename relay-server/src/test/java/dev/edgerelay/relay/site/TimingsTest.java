package dev.edgerelay.relay.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimingsTest {
  @Test
  void shouldGiveNearestRankPercentiles() {
    Timings t = new Timings("x");
    assertThat(t.percentile(50)).as("no samples").isEqualTo(-1);
    for (long ms = 20; ms >= 1; ms--) {
      t.add(ms * 100);
    }
    assertThat(t.count()).isEqualTo(20);
    assertThat(t.percentile(50)).isEqualTo(1000);
    assertThat(t.percentile(95)).isEqualTo(1900);
    assertThat(t.max()).isEqualTo(2000);
    assertThat(t.line()).contains("n=20", "p50= 1000 ms", "p95= 1900 ms", "max= 2000 ms");
  }
}
