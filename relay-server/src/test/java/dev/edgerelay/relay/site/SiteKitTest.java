package dev.edgerelay.relay.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site kit on two nodes that do not form a cluster: each pulls a watched channel for itself, so the emulator
 * counts two pulls of it (what a cluster must bring down to one); a frozen node (SIGSTOP) serves nothing until it
 * is thawed; a killed node's pull is gone; CPU time is read from {@code /proc}; a launched node runs on native
 * epoll with pooled buffers.
 */
@Tag("interop")
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SiteKitTest {
  @TempDir static Path root;
  static Site site;
  static WebClient http;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    site = Site.start(vertx, root, 1, 2, false, List.of("--hls-segment-ms", "2000"));
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    http.close();
    site.close();
  }

  @Test
  void shouldCountEachNodesPullFreezeThawAndKill(Vertx vertx) throws Exception {
    StreamKey key = site.firstChannels().get(0);
    SiteNode one = site.nodes.get(0);
    SiteNode two = site.nodes.get(1);
    String token = site.probe.playAddress(one, key, 1).getString("accessToken");
    HlsWatcher onOne = HlsWatcher.watch(vertx, http, one, key, token);
    HlsWatcher onTwo = HlsWatcher.watch(vertx, http, two, key, token);
    try {
      long from = System.currentTimeMillis();
      Eventually.until("media on both nodes", Duration.ofSeconds(60),
          () -> onOne.firstMediaSince(from) >= 0 && onTwo.firstMediaSince(from) >= 0);
      assertThat(site.pulls(List.of(key))).as("two lone nodes pull the channel once each").containsEntry(key, 2);
      assertThat(site.onePullPerChannel(List.of(key))).isFalse();
      assertThat(site.admitted(List.of(key)).get(key)).isGreaterThanOrEqualTo(2);
      assertThat(site.pulls(List.of(new StreamKey(key.deviceId(), 2)))).as("the unwatched channel")
          .containsValue(0);
      assertThat(ProcessCpu.millis(one.pid())).as("CPU a serving node used").isPositive();
      assertThat(one.transport()).as("the launched node's loops and buffers (docs/operations.md)")
          .contains("on native epoll").contains("buffers from PooledByteBufAllocator");

      two.freeze();
      long frozen = System.currentTimeMillis();
      Eventually.until("two segments more on the running node", Duration.ofSeconds(20),
          () -> onOne.arrivals().stream().filter(a -> a.gotAtMillis() >= frozen).count() >= 2);
      assertThat(onTwo.gotMediaSince(frozen + 500)).as("a frozen node serves nothing").isFalse();
      assertThat(site.probe.members(two)).as("a frozen node answers no health check").isEqualTo(-1);
      two.thaw();
      long thawed = System.currentTimeMillis();
      Eventually.until("media from the thawed node", Duration.ofSeconds(30), () -> onTwo.gotMediaSince(thawed));

      two.kill();
      Eventually.until("the killed node's pull gone", Duration.ofSeconds(10),
          () -> site.onePullPerChannel(List.of(key)));
      assertThat(two.alive()).isFalse();
    } finally {
      onOne.stop();
      onTwo.stop();
    }
  }
}
