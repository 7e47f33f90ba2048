package dev.edgerelay.relay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.metrics.PrometheusText.Family;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /edge/metrics} end to end (docs/metrics.md): a node on its emulator, on a Vert.x made by
 * {@link NodeMetrics#vertxBuilder}, records a channel while an HLS viewer, an RTMP viewer and a thumbnail request
 * use it and its origin drops it once; a scrape with the scrape key, read by a Prometheus text parser, holds every
 * family with non-zero values where traffic flowed. Without a key, with a wrong one, and with the scrape key on
 * another route, the node refuses with its envelope.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class MetricsScrapeTest {
  static final String SCRAPE_KEY = "scrape-only-key";
  static final Duration WITHIN = Duration.ofSeconds(90);
  @TempDir static Path dataDir;
  static Vertx vertx;
  static TestNode test;
  static StreamKey key;

  @BeforeAll
  static void start() throws Exception {
    vertx = NodeMetrics.vertxBuilder(new VertxOptions()).build();
    test = TestNode.start(vertx, dataDir, o -> {
      o.sim().setCameras(2).setCameraMode(CameraMode.LOOP);
      o.hls().setSegmentMillis(1000);
      // a 1 MB quota checked twice a second: retention deletes segments within seconds of recording
      o.recorder().setSegmentMs(1000).setMinFreeMb(0).setQuotaMb(1).setRetentionIntervalMs(500);
      o.metrics().setScrapeKey(SCRAPE_KEY).setHlsViewerWindowMillis(120_000); // the viewer stays counted throughout
      return o;
    });
    key = test.channels().get(0);
  }

  @AfterAll
  static void stop() throws Exception {
    test.close();
    Await.result(vertx.close().toCompletionStage());
  }

  static String url(String path) {
    return "http://127.0.0.1:" + test.node.httpPort() + path;
  }

  static HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
    return Await.result(request.send().toCompletionStage());
  }

  static Map<String, Family> scrape() {
    HttpResponse<Buffer> answer = send(test.http.getAbs(url("/edge/metrics"))
        .putHeader("authorization", "Bearer " + SCRAPE_KEY));
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    assertThat(answer.getHeader("content-type")).startsWith("text/plain; version=0.0.4");
    return PrometheusText.parse(answer.bodyAsString());
  }

  /** The one value of {@code family} whose labels include {@code labels}; fails when there is not exactly one. */
  static double value(Map<String, Family> families, String family, Map<String, String> labels) {
    Family f = families.get(family);
    assertThat(f).as("family " + family + " in the scrape").isNotNull();
    List<PrometheusText.Sample> samples = f.with(labels).stream()
        .filter(s -> !s.name().endsWith("_created")).toList();
    assertThat(samples).as(family + " " + labels).hasSize(1);
    return samples.get(0).value();
  }

  static Map<String, String> channel() {
    return Map.of("device_id", key.deviceId(), "channel_id", Integer.toString(key.channelId()));
  }

  static Map<String, String> channel(String label, String labelValue) {
    return Map.of("device_id", key.deviceId(), "channel_id", Integer.toString(key.channelId()), label, labelValue);
  }

  /** The {@code _count} of a histogram family's samples matching {@code labels}. */
  static double count(Map<String, Family> families, String family, Map<String, String> labels) {
    Family f = families.get(family);
    assertThat(f).as("family " + family + " in the scrape").isNotNull();
    assertThat(f.type()).isEqualTo("histogram");
    return f.with(labels).stream().filter(s -> s.name().equals(family + "_count")).mapToDouble(
        PrometheusText.Sample::value).findFirst().orElseThrow();
  }

  @Test
  void shouldShowEveryFamilyWithTrafficToAScraperHoldingOnlyTheScrapeKey() throws Exception {
    String master = test.node.options().platform().apiKey();
    // GIVEN the channel recording, an HLS viewer, an RTMP viewer, a thumbnail made, and a drop by its origin
    JsonObject recorded = send(test.http.getAbs(url("/ipc/video/record/record_video?device_id=" + key.deviceId()
        + "&channel_id=" + key.channelId() + "&action=1")).putHeader("api-key", master)).bodyAsJsonObject();
    assertThat(recorded.getInteger("errno")).as(recorded.encode()).isZero();
    JsonObject hls = test.playAddress(key, 1);
    String token = hls.getString("accessToken");
    String playlist = send(test.http.getAbs(url("/live/" + key.hlsDirectory() + "/index.m3u8?" + token))).bodyAsString();
    String segment = playlist.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow();
    assertThat(send(test.http.getAbs(url("/live/" + key.hlsDirectory() + "/" + segment))).statusCode()).isEqualTo(200);
    assertThat(send(test.http.getAbs(url("/live_preview/" + key.rtmpName() + "?" + token))).statusCode())
        .isEqualTo(200);
    JsonObject rtmp = test.playAddress(key, 0);
    try (RtmpClient client = RtmpClient.create(RtmpConfig.defaults());
        RtmpPull viewer = client.play("rtmp://" + rtmp.getString("addr") + "/live/" + key.rtmpName() + "?"
            + rtmp.getString("accessToken"), message -> message.release())) {
      viewer.started().get(20, TimeUnit.SECONDS);
      send(test.http.postAbs(test.node.embeddedSim().baseUrl() + "/sim/rtmp/drop?device_id=" + key.deviceId()
          + "&channel_id=" + key.channelId()));

      // WHEN a scraper that holds only the scrape key reads the metrics
      Map<String, Family> m = Eventually.value("a reconnect, a segment deleted by retention, RTMP bytes out", WITHIN,
          Duration.ofMillis(500), MetricsScrapeTest::scrape,
          f -> value(f, "edge_channel_reconnects_total", channel()) >= 1
              && value(f, "edge_storage_retention_deleted_segments_total", Map.of()) >= 1
              && value(f, "edge_channel_bytes_out_total", channel("protocol", "rtmp")) > 0
              && value(f, "edge_channel_pull_state", channel("state", "playing")) == 1);

      // THEN every family is there, non-zero where media flowed
      for (String perChannelAndNode : List.of("units_in_total", "bytes_in_total", "reconnects_total")) {
        assertThat(value(m, "edge_channel_" + perChannelAndNode, channel())).as(perChannelAndNode).isPositive();
        assertThat(value(m, "edge_node_" + perChannelAndNode, Map.of())).as(perChannelAndNode).isPositive();
      }
      for (String protocol : List.of("hls", "rtmp")) {
        assertThat(value(m, "edge_channel_bytes_out_total", channel("protocol", protocol))).as(protocol).isPositive();
        assertThat(value(m, "edge_node_bytes_out_total", Map.of("protocol", protocol))).as(protocol).isPositive();
      }
      // faults: counted, zero on a healthy run
      assertThat(value(m, "edge_channel_dropped_units_total", channel())).isNotNegative();
      assertThat(value(m, "edge_node_dropped_units_total", Map.of())).isNotNegative();
      assertThat(value(m, "edge_recording_early_cuts_total", channel())).isNotNegative();
      assertThat(value(m, "edge_node_recording_early_cuts_total", Map.of())).isNotNegative();
      assertThat(value(m, "edge_channel_hls_viewers", channel())).isEqualTo(1);
      assertThat(value(m, "edge_node_hls_viewers", Map.of())).isEqualTo(1);
      assertThat(value(m, "edge_channel_rtmp_viewers", channel())).isEqualTo(1);
      assertThat(value(m, "edge_node_rtmp_viewers", Map.of())).isEqualTo(1);
      assertThat(value(m, "edge_node_pull_state", Map.of("state", "playing"))).isGreaterThanOrEqualTo(1);
      assertThat(m.get("edge_channel_pull_state").with(channel()).stream().mapToDouble(PrometheusText.Sample::value)
          .sum()).as("one state at a time").isEqualTo(1);
      assertThat(count(m, "edge_recording_segment_write_seconds", channel())).isPositive();
      assertThat(count(m, "edge_node_segment_write_seconds", Map.of())).isPositive();
      assertThat(count(m, "edge_thumbnail_seconds", Map.of())).isPositive();
      assertThat(value(m, "edge_storage_used_bytes", Map.of())).isPositive();
      assertThat(value(m, "edge_storage_free_bytes", Map.of())).isPositive();
      assertThat(value(m, "edge_storage_quota_bytes", Map.of())).isEqualTo(1024 * 1024);
      assertThat(value(m, "edge_storage_retention_deleted_bytes_total", Map.of())).isPositive();
      assertThat(value(m, "edge_outbox_items", Map.of("state", "pending"))).isNotNegative();
      assertThat(value(m, "edge_outbox_bytes_pending", Map.of())).isNotNegative();
      assertThat(value(m, "edge_cluster_members", Map.of())).isEqualTo(1);
      assertThat(m.get("vertx_http_server_requests_total").with(Map.of("code", "200")).stream()
          .mapToDouble(PrometheusText.Sample::value).sum()).as("Vert.x HTTP server requests").isPositive();
      assertThat(value(m, "jvm_threads_live_threads", Map.of())).isPositive();
      assertThat(m.get("jvm_memory_used_bytes").samples()).isNotEmpty();
      assertThat(value(m, "process_uptime_seconds", Map.of())).isPositive();
      assertThat(value(m, "process_files_open_files", Map.of())).isPositive();
      assertThat(m).containsKeys("process_cpu_usage", "system_cpu_count");
    }
  }

  @Test
  void shouldRefuseAScrapeWithoutAKeyAndTheScrapeKeyAnywhereElse() {
    HttpResponse<Buffer> none = send(test.http.getAbs(url("/edge/metrics")));
    assertThat(none.bodyAsJsonObject().getInteger("errno")).isEqualTo(EdgeErrno.AUTH_MISSING);
    assertThat(none.bodyAsJsonObject().getString("error")).contains("--metrics-scrape-key");
    HttpResponse<Buffer> wrong = send(test.http.getAbs(url("/edge/metrics")).putHeader("authorization", "Bearer nope"));
    assertThat(wrong.bodyAsJsonObject().getInteger("errno")).isEqualTo(EdgeErrno.AUTH_INVALID);
    // the scrape key reads the metrics, also as ?key= for scrapers without headers, and nothing else
    assertThat(send(test.http.getAbs(url("/edge/metrics?key=" + SCRAPE_KEY))).bodyAsString()).contains("edge_node_");
    HttpResponse<Buffer> elsewhere = send(test.http.getAbs(url("/edge/channels")).putHeader("api-key", SCRAPE_KEY));
    assertThat(elsewhere.bodyAsJsonObject().getInteger("errno")).isEqualTo(EdgeErrno.AUTH_INVALID);
    // the master key still reads them
    assertThat(send(test.http.getAbs(url("/edge/metrics"))
        .putHeader("api-key", test.node.options().platform().apiKey())).statusCode()).isEqualTo(200);
  }
}
