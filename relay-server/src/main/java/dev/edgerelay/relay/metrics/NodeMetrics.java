package dev.edgerelay.relay.metrics;

import dev.edgerelay.relay.channels.ChannelDirectory;
import dev.edgerelay.relay.hls.HlsService;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.hub.ChannelTraffic;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.record.RecordingService;
import dev.edgerelay.relay.rtmp.LanRtmpServer;
import dev.edgerelay.relay.thumbnail.Thumbnailer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.impl.MicrometerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /edge/metrics} in Prometheus text (docs/metrics.md): one registry per node holding the live path
 * ({@link LiveMetrics}), recording, storage ({@link StorageMetrics}), thumbnails, the outbox, the site, the JVM and
 * the process, and, when the node runs on a Vert.x made by {@link #vertxBuilder}, Vert.x's own HTTP server and client
 * meters. Readable with the master key or the scrape key ({@link MetricsOptions#scrapeKey()}), which reads nothing
 * else. Figures that need a blocking read are fetched before each scrape on workers; the scrape itself reads
 * counters and never blocks its event loop.
 */
public final class NodeMetrics {
  /** Buckets of the thumbnail latency: a warm decode takes milliseconds, a cold channel waits for its keyframe. */
  static final Duration[] THUMBNAIL_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
  /** Prometheus text format 0.0.4, what every scraper reads. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final MetricsOptions options;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final List<Supplier<Future<Void>>> beforeScrape = new CopyOnWriteArrayList<>();
  private volatile LiveMetrics live;

  private NodeMetrics(PrometheusMeterRegistry registry, MetricsOptions options) {
    this.registry = registry;
    this.options = options;
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** The metrics of a node on {@code vertx}: in Vert.x's own registry when it has one, else a registry of its own. */
  public static NodeMetrics create(Vertx vertx, MetricsOptions options) {
    return new NodeMetrics(registryOf(vertx), options);
  }

  /**
   * A Vert.x builder over {@code options} whose HTTP servers and clients, pools and event bus report to a Prometheus
   * registry the node then shares ({@code vertx_http_server_*} and friends, labelled by method and status code
   * only, so the label sets stay bounded). The node binds the JVM meters itself, so Vert.x's are off.
   */
  public static VertxBuilder vertxBuilder(VertxOptions options) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the name is a key of a process-wide map in vertx-micrometer: one per Vert.x, or a second one would share it
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(false)
        .setRegistryName("edge-relay-" + UUID.randomUUID()));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
  }

  /** The Prometheus registry Vert.x's metrics write to, or a new one when {@code vertx} has none of ours. */
  static PrometheusMeterRegistry registryOf(Vertx vertx) {
    // vertx-micrometer exposes the registry of a Vert.x only through its metrics SPI object
    if (((VertxInternal) vertx).metrics() instanceof MicrometerMetrics m
        && m.registry() instanceof PrometheusMeterRegistry prometheus) {
      return prometheus;
    }
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** What live viewers are sent, counted for the channels {@code directory} lists, within the bounds. */
  public ChannelTraffic traffic(ChannelDirectory directory, Clock clock) {
    return new ChannelTraffic(key -> LiveMetrics.served(directory, key), options.maxChannels(),
        options.maxHlsViewers(), options.hlsViewerWindowMillis(), clock);
  }

  /** The live path's figures, per channel and in total, with the spool's losses and thumbnail latency. */
  public void bindLive(StreamHub hub, ChannelDirectory directory, ChannelTraffic traffic, LanRtmpServer rtmp,
      HlsService hls, Thumbnailer thumbnails) {
    live = new LiveMetrics(registry, hub, directory, traffic, rtmp, options.maxChannels());
    bindHls(hls);
    bindThumbnails(thumbnails);
  }

  /** Live HLS segments the spool dropped ({@code edge_hls_spool_lost_segments_total}). */
  private void bindHls(HlsService hls) {
    FunctionCounter.builder("edge_hls_spool_lost_segments", hls, HlsService::lostSegments)
        .description("live HLS segments dropped whole because the spool's disk fell behind or refused a write")
        .register(registry);
  }

  /** Thumbnail latency as a histogram ({@code edge_thumbnail_seconds}). */
  private void bindThumbnails(Thumbnailer thumbnails) {
    Timer made = Timer.builder("edge_thumbnail").serviceLevelObjectives(THUMBNAIL_BUCKETS)
        .description("live thumbnails made: from the cache miss to the JPEG, a cold channel's keyframe wait included")
        .register(registry);
    thumbnails.onMade(nanos -> made.record(nanos, TimeUnit.NANOSECONDS));
  }

  /** Recording (per channel: faults, segment write latency) and the storage under it. */
  public void bindRecorder(RecordingService recorder) {
    recorder.exposeMetrics(registry);
    StorageMetrics storage = new StorageMetrics(registry, recorder);
    beforeScrape(storage::refresh);
  }

  /** Runs {@code refresh} before every scrape; the scrape waits for it (it must complete, failing or not). */
  public void beforeScrape(Supplier<Future<Void>> refresh) {
    beforeScrape.add(refresh);
  }

  public void mount(Router router, EdgeAuth auth) {
    router.get("/edge/metrics").handler(ctx -> scrape(ctx, auth));
  }

  private void scrape(RoutingContext ctx, EdgeAuth auth) {
    auth.scraper(ctx, options.scrapeKey());
    LiveMetrics l = live;
    if (l != null) {
      l.refresh();
    }
    Future.join(beforeScrape.stream().map(Supplier::get).toList()).onComplete(ar -> {
      try { // outside the router: a failure here must still answer, or the scrape hangs
        ctx.response().putHeader("content-type", CONTENT_TYPE).end(registry.scrape());
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }

  /**
   * Takes the node's meters out of the registry (Vert.x's own stay: the registry may outlive the node) and stops
   * the GC listener.
   */
  public void close() {
    gc.close();
    registry.getMeters().stream().filter(m -> !m.getId().getName().startsWith("vertx_")).forEach(registry::remove);
  }
}
