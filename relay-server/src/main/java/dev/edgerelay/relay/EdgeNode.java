package dev.edgerelay.relay;

import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.channels.ChannelDirectory;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.cluster.ClusterMetrics;
import dev.edgerelay.relay.cluster.ClusterRoutes;
import dev.edgerelay.relay.cluster.DrainRoutes;
import dev.edgerelay.relay.cluster.Ownership;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.cluster.live.LivePathOptions;
import dev.edgerelay.relay.cluster.live.ForeignChannels;
import dev.edgerelay.relay.cluster.live.LiveSources;
import dev.edgerelay.relay.cluster.live.OriginRoutes;
import dev.edgerelay.relay.cluster.ownership.TakeoverPacer;
import dev.edgerelay.relay.cluster.SingleNode;
import dev.edgerelay.relay.config.NodeOption;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.hls.HlsService;
import dev.edgerelay.relay.hls.LiveSpool;
import dev.edgerelay.relay.http.DeviceRoutes;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.EdgeHttpServer;
import dev.edgerelay.relay.http.LiveRoutes;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.http.NodeHealth;
import dev.edgerelay.relay.http.PlayAddressRoutes;
import dev.edgerelay.relay.http.ServedChannels;
import dev.edgerelay.relay.hub.ChannelTraffic;
import dev.edgerelay.relay.hub.HubOptions;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.metrics.NodeMetrics;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.PlatformOptions;
import dev.edgerelay.relay.pull.PullOptions;
import dev.edgerelay.relay.rtmp.LanCameras;
import dev.edgerelay.relay.rtmp.LanRtmpServer;
import dev.edgerelay.relay.rtmp.RecordedPlays;
import dev.edgerelay.relay.stats.HeldStats;
import dev.edgerelay.relay.stats.StatRoutes;
import dev.edgerelay.relay.stats.StreamRates;
import dev.edgerelay.relay.stats.Viewers;
import dev.edgerelay.relay.thumbnail.LivePreviewRoutes;
import dev.edgerelay.relay.thumbnail.Thumbnailer;
import dev.edgerelay.relay.record.RecordRoutes;
import dev.edgerelay.relay.record.RecordingService;
import dev.edgerelay.relay.upload.OutboxMetrics;
import dev.edgerelay.relay.upload.OutboxRoutes;
import dev.edgerelay.relay.upload.PlatformUploader;
import dev.edgerelay.relay.upload.UploadService;
import dev.edgerelay.relay.snapshot.PictureAccess;
import dev.edgerelay.relay.snapshot.PictureRoutes;
import dev.edgerelay.relay.snapshot.OutboxPictureUploads;
import dev.edgerelay.relay.snapshot.SnapshotOptions;
import dev.edgerelay.relay.snapshot.SnapshotService;
import dev.edgerelay.relay.token.PlayTokens;
import dev.edgerelay.sim.server.PlatformSim;
import dev.edgerelay.sim.SimOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running edge node: the platform (or, on the embedded default, the emulator in the same process),
 * the stream hub with its pull sessions, live HLS and the HTTP API (docs/threading.md). Plain class, no
 * verticle: start and close are futures.
 */
public final class EdgeNode {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeNode.class);
  /** Pictures under the data directory: images and their metadata sidecars. */
  public static final String PICTURES_DIR = "pictures";

  private final Vertx vertx;
  private final NodeOptions options;
  private final Clock clock = Clock.systemUTC();
  private final Ownership ownership;
  private final LivePathOptions livePath;
  private final String nodeId;
  private final long startedAt = System.currentTimeMillis();
  private final EdgeHttpServer http;
  private final NodeMetrics metrics;
  private volatile String phase = "starting";
  private volatile boolean ready;
  private volatile boolean closed;
  private PlatformSim embeddedSim;
  private String platformUrl;
  private int httpPort;
  private PlatformClient platform;
  private ChannelDirectory directory;
  private RtmpClient rtmpClient;
  private StreamHub hub;
  private HlsService hls;
  private Thumbnailer thumbnails;
  private LanRtmpServer lanRtmp;
  private EdgeAuth auth;
  private PlayTokens tokens;
  private NodeAddress address;
  private RecordingService recorder;
  private RecordedPlays recordedPlays;
  private SnapshotService snapshots;
  private UploadService uploads;
  private ClusterRoutes clusterRoutes;
  private LiveSources sources;
  private final ClusterMetrics clusterMetrics = new ClusterMetrics();
  private OriginRoutes originRoutes;
  private SiteFanout fanout;
  private DrainRoutes drainRoutes;
  /** Shared by the live path's and the recorder's takeovers: one bound on what starts at once. */
  private TakeoverPacer takeovers;
  /** The viewers and stream rates of getonlinelist and getpushlist (spec 13). */
  private Viewers viewers;
  private HeldStats heldStats;
  private final StreamRates rates = new StreamRates();
  private long ratesTimer = -1;

  private EdgeNode(Vertx vertx, NodeOptions options, Ownership ownership, LivePathOptions livePath) {
    this.vertx = vertx;
    this.options = options;
    this.ownership = ownership;
    this.livePath = livePath;
    this.nodeId = ownership.selfName();
    this.http = new EdgeHttpServer(vertx, options.http(), this::health);
    this.metrics = NodeMetrics.create(vertx, options.metrics());
  }

  /**
   * Starts the node alone, named by {@code --node-name} or the name kept in its data directory; the future
   * completes once {@code /edge/health} answers 200.
   */
  public static Future<EdgeNode> start(Vertx vertx, NodeOptions options) {
    return vertx.executeBlocking(() -> NodeName.resolve(options.cluster().nodeName(), options.dataDir()), false)
        .compose(name -> start(vertx, options, new SingleNode(name)));
  }

  /**
   * Starts the node as a member of a site: {@code ownership} says which node runs each channel's origin; the
   * node advertises its addresses through it once ready. The node does not close {@code ownership}.
   */
  public static Future<EdgeNode> start(Vertx vertx, NodeOptions options, Ownership ownership) {
    return start(vertx, options, ownership, LivePathOptions.of(options.cluster()));
  }

  /** As {@link #start(Vertx, NodeOptions, Ownership)}, serving other nodes' channels as {@code livePath} says. */
  public static Future<EdgeNode> start(Vertx vertx, NodeOptions options, Ownership ownership,
      LivePathOptions livePath) {
    EdgeNode node = new EdgeNode(vertx, options, ownership, livePath);
    return node.startAll().map(node);
  }

  private Future<Void> startAll() {
    return PortInUse.named(http.listen(options.bindHost(), options.httpPort()), "the HTTP server on "
        + options.bindHost() + ":" + options.httpPort(), NodeOption.HTTP_PORT)
        .compose(port -> {
          httpPort = port;
          phase = "platform";
          return startPlatform();
        })
        .compose(url -> {
          platformUrl = url;
          return vertx.executeBlocking(() -> LiveSpool.ofNode(options.hls(), options.dataDir()), false);
        })
        .compose(spool -> {
          phase = "channels";
          startRelay(spool);
          return PortInUse.named(lanRtmp.start(options.bindHost(), options.rtmpPort()), "the LAN RTMP server on "
              + options.bindHost() + ":" + options.rtmpPort(), NodeOption.RTMP_PORT);
        })
        .compose(rtmpPort -> directory.start())
        .compose(v -> {
          phase = "recorder";
          return startRecorder();
        })
        .map(v -> {
          phase = "running";
          ready = true;
          ownership.advertise(address, true);
          LOG.info("edge-relay {} ready: HTTP on {}:{}, platform {}, {} devices", nodeId, options.bindHost(), httpPort,
              platformUrl, directory.devices().size());
          return (Void) null;
        })
        .recover(err -> close().transform(ignored -> Future.failedFuture(err)));
  }

  private Future<String> startPlatform() {
    if (!options.embeddedPlatform()) {
      return Future.succeededFuture(options.platformUrl());
    }
    SimOptions simOptions = new SimOptions(options.sim()).setMasterKey(options.platform().apiKey())
        .setProductId(options.platform().productId());
    // the emulator's times (its wire times, its cameras' burnt-in clock) in the node's zone, so a time read off a
    // picture is the time to ask rvod or export for
    simOptions.setClock(simOptions.clock().withZone(options.zone()));
    return PortInUse.named(PlatformSim.start(vertx, simOptions), "the embedded platform emulator on "
        + simOptions.host() + " (HTTP port " + simOptions.httpPort() + ", RTMP port " + simOptions.rtmpPort() + ")",
        NodeOption.SIM_HTTP_PORT, NodeOption.SIM_RTMP_PORT).map(sim -> {
      embeddedSim = sim;
      return sim.baseUrl();
    });
  }

  /** Builds the relay's parts on the platform now known and mounts their routes. */
  private void startRelay(LiveSpool spool) {
    platform = PlatformClient.create(vertx, new PlatformOptions(options.platform()).setBaseUrl(platformUrl));
    directory = new ChannelDirectory(vertx, platform, options.directory().refreshMillis());
    // pulls share Vert.x's event loops (a connection takes the next one), not one thread for every channel
    rtmpClient = RtmpClient.create(options.rtmp(), ((VertxInternal) vertx).nettyEventLoopGroup());
    PullOptions pullOptions = options.pull();
    HubOptions hubOptions = options.hub();
    // built in dependency order, each part complete when the next is given it: the LAN cameras exist before
    // the hub's source factory can ask them, and the RTMP server gets the hub at construction
    LanCameras cameras = new LanCameras();
    PlayTokens tokens = new PlayTokens(options.platform().apiKey(), clock);
    // the source factory: a LAN camera here, else a platform pull when this node is the channel's origin, else a
    // relay from the origin node (docs/architecture.md, "Cluster: live path")
    takeovers = new TakeoverPacer(livePath.takeoverConcurrency(), TakeoverPacer.DEFAULT_MAX_QUEUED);
    sources = new LiveSources(vertx, ownership, cameras, platform, rtmpClient, pullOptions, tokens, clock, takeovers,
        clusterMetrics);
    hub = new StreamHub(vertx, hubOptions, sources, clock);
    sources.attach(hub);
    hls = new HlsService(vertx, hub, options.hls(), hubOptions.readerLimits(), spool);
    thumbnails = new Thumbnailer(vertx, hub, options.thumbnail(), hubOptions.idleTimeoutMillis(), clock);
    EdgeAuth auth = new EdgeAuth(options.platform().apiKey(), directory);
    NodeAddress address = new NodeAddress(options.advertiseHost(), httpPort, options.rtmpPort());
    ForeignChannels foreign = new ForeignChannels(ownership, livePath);
    new PlayAddressRoutes(directory, auth, tokens, key -> foreign.playAddressNode(key, address)).mount(http.router());
    http.router().post("/edge/snapshot").handler(ServedChannels.check(directory, auth));
    // before the routes that serve the same paths here: requests about another node's channels go there
    originRoutes = new OriginRoutes(vertx, ownership, tokens, auth, hls, thumbnails, hubOptions.idleTimeoutMillis(),
        livePath);
    originRoutes.mount(http.router());
    originRoutes.serve();
    viewers = new Viewers(options.stat(), clock);
    heldStats = new HeldStats(hub, viewers, rates, sources::fed, cameras, options.platform().productId(),
        ownership.selfName(), clock);
    ratesTimer = vertx.setPeriodic(StreamRates.SAMPLE_MILLIS, t -> rates.sample(hub.streams(), clock.millis()));
    ChannelTraffic traffic = metrics.traffic(directory, clock);
    new LiveRoutes(hls, tokens, hubOptions.idleTimeoutMillis(), viewers::hlsRequest, traffic).mount(http.router());
    new DeviceRoutes(directory, auth, hub, hls, tokens, address, key -> recorder == null ? null
        : RecordRoutes.facts(recorder, new ChannelRef(key.deviceId(), key.channelId())), key -> foreign.facts(key, lanRtmp))
        .mount(http.router());
    lanRtmp = new LanRtmpServer(vertx, options.rtmp(), hub, cameras, tokens, auth::mayPublish, foreign::refuseRelay,
        hubOptions.readerLimits(), viewers::rtmpPlayer, traffic);
    metrics.bindLive(hub, directory, traffic, lanRtmp, hls, thumbnails);
    new LivePreviewRoutes(thumbnails, tokens).mount(http.router());
    clusterRoutes = new ClusterRoutes(ownership, auth, () -> hub.streams().stream().map(Stream::name).toList(),
        clock);
    clusterRoutes.mount(http.router());
    drainRoutes = new DrainRoutes(vertx, ownership, auth, livePath.forwardTimeoutMillis());
    drainRoutes.mount(http.router());
    drainRoutes.serve();
    this.auth = auth;
    this.tokens = tokens;
    this.address = address;
  }

  /**
   * Recording, VOD and export, and uploads: the recorder opens its storage on a worker (node state, then the
   * index), the upload outbox opens in its node state (its queued segments pinned against retention), then the
   * routes mount.
   */
  private Future<Void> startRecorder() {
    Path dataDir = options.dataDir();
    uploads = new UploadService(vertx, new PlatformUploader(vertx, platform), options.upload(), clock);
    return RecordingService.start(vertx, hub, dataDir, options.recorder(), hls, clock,
        uploads.pinned(), ownership, takeovers).compose(service -> {
          recorder = service;
          // make before break: a pull that feeds a recorder here stays until the new origin records the channel
          sources.holdPullsWhile(key -> service.recordingHere().contains(
              new ChannelRef(key.deviceId(), key.channelId())));
          service.afterHandoff(sources::recheck);
          return uploads.open(service).map(service);
        }).map(service -> {
          // VOD answers cover every node's recordings (docs/architecture.md, "Cluster: VOD across nodes")
          fanout = new SiteFanout(vertx, ownership, options.cluster().fanoutTimeoutMs(),
              clusterMetrics::partialFanOut);
          recordedPlays = RecordedMediaRoutes.mount(http.router(), options, service, directory, auth, tokens, fanout,
              lanRtmp, address);
          // the real-time lists (spec 13) fan out the same way: any node answers for the site's viewers and pushes
          fanout.serve(HeldStats.TOPIC, heldStats::answer);
          new StatRoutes(fanout, auth, options.platform().productId(), options.stat(), clock).mount(http.router());
          new OutboxRoutes(uploads, auth, options.zone()).mount(http.router());
          metrics.beforeScrape(new OutboxMetrics(uploads, metrics.registry())::refresh);
          metrics.bindRecorder(service);
          clusterMetrics.bind(metrics.registry(), ownership, () -> sources.relaying().size(), lanRtmp::relayPlays);
          metrics.beforeScrape(clusterMetrics::refresh);
          metrics.mount(http.router(), auth);
          return null;
        }).compose(v -> startSnapshots(dataDir)).map(v -> {
          http.finishRoutes();
          return null;
        });
  }

  /** Snapshots and the picture API: the picture store is the recorder's (its index) and uses its workers. */
  private Future<Void> startSnapshots(Path dataDir) {
    SnapshotOptions snapshotOptions = options.snapshot();
    return recorder.blocking(() -> recorder.storage().openPictures(dataDir.resolve(PICTURES_DIR),
        snapshotOptions.pictureQuotaBytes())).map(store -> {
          snapshots = new SnapshotService(vertx, thumbnails, store, recorder::blocking, new OutboxPictureUploads(uploads),
              snapshotOptions, clock);
          PictureRoutes pictures = new PictureRoutes(snapshots, auth,
              new PictureAccess(snapshotOptions.picturesPrivate(), auth, tokens), address, fanout);
          pictures.mount(http.router());
          originRoutes.servePictures(pictures);
          return null;
        });
  }

  public NodeHealth health() {
    return new NodeHealth(ready, phase, nodeId, platformUrl == null ? "pending" : platformUrl,
        System.currentTimeMillis() - startedAt, ownership.members(), EdgeRelayMain.version(), options.zone(),
        directory == null ? "not asked yet" : directory.platformProblem());
  }

  /** The port the HTTP API listens on (the configured one, or the one picked when 0 was asked for). */
  public int httpPort() {
    return httpPort;
  }

  /** The platform this node talks to: the configured URL or the embedded emulator's. */
  public String platformUrl() {
    return platformUrl;
  }

  /** The embedded emulator, or null when a real platform is configured. */
  public PlatformSim embeddedSim() {
    return embeddedSim;
  }

  public NodeOptions options() {
    return options;
  }

  /** Which node runs each channel's origin: this one alone, or as a member of a site. */
  public Ownership ownership() {
    return ownership;
  }

  public StreamHub hub() {
    return hub;
  }

  public HlsService hls() {
    return hls;
  }

  public LanRtmpServer lanRtmp() {
    return lanRtmp;
  }

  public Thumbnailer thumbnails() {
    return thumbnails;
  }

  public ChannelDirectory directory() {
    return directory;
  }

  /** Recorded RTMP plays (rvod), or null before the recorder started. */
  public RecordedPlays recordedPlays() {
    return recordedPlays;
  }

  /** The recorder, or null before it started. */
  public RecordingService recorder() {
    return recorder;
  }

  /** Snapshots and pictures, or null before they started. */
  public SnapshotService snapshots() {
    return snapshots;
  }

  /** Channels ({@code dev-ch}) this node relays from another node's origin now, sorted. */
  public List<String> relaying() {
    return sources == null ? List.of() : sources.relaying();
  }

  /**
   * The site's figures as this node counts them; a fan-out over the members that answers partially reports it
   * here ({@link ClusterMetrics#partialFanOut()}).
   */
  public ClusterMetrics clusterMetrics() {
    return clusterMetrics;
  }

  /** Uploads: the outbox snapshots queue pictures into; null before the recorder started. */
  public UploadService uploads() {
    return uploads;
  }

  /** Hands this node's recorded channels to its peers before a graceful stop ({@link RecordingService#handOffAll}). */
  public Future<Void> drain(java.time.Duration bound) {
    return recorder == null ? Future.succeededFuture() : recorder.handOffAll(ownership, bound);
  }

  /** Stops everything this node started; safe to call twice. */
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    ready = false;
    phase = "stopping";
    if (address != null) {
      ownership.advertise(address, false); // peers stop choosing this node before its parts go
    }
    if (directory != null) {
      directory.stop();
    }
    vertx.cancelTimer(ratesTimer);
    Future<Void> peers = Future.join(originRoutes == null ? Future.succeededFuture() : originRoutes.close(),
        fanout == null ? Future.succeededFuture() : fanout.close(),
        drainRoutes == null ? Future.succeededFuture() : drainRoutes.close()).mapEmpty();
    if (snapshots != null) {
      snapshots.close();
    }
    // the recorders' last segments are queued while the outbox is open; the storage under both closes last
    Future<Void> recorders = recorder == null ? Future.succeededFuture() : recorder.stopRecorders();
    Future<Void> outbox = recorders.eventually(() -> uploads == null ? Future.succeededFuture() : uploads.close());
    Future<Void> recording = outbox.eventually(() -> recorder == null ? Future.succeededFuture() : recorder.close());
    Future<Void> rtmpPlayers = recording.eventually(() -> lanRtmp == null ? Future.succeededFuture() : lanRtmp.close());
    Future<Void> streams = rtmpPlayers.eventually(() -> hub == null ? Future.succeededFuture() : hub.close())
        .andThen(ar -> {
          if (hls != null) {
            hls.close(); // the ended live windows kept for late players go with the node
          }
        });
    if (thumbnails != null) {
      streams = Future.join(streams, thumbnails.close()).mapEmpty();
    }
    return streams.eventually(() -> {
      if (rtmpClient != null) {
        rtmpClient.close();
      }
      if (platform != null) {
        platform.close();
      }
      Future<Void> sim = embeddedSim == null ? Future.succeededFuture() : embeddedSim.close();
      return Future.join(http.close(), sim, peers).<Void>mapEmpty().andThen(ar -> metrics.close());
    });
  }
}
