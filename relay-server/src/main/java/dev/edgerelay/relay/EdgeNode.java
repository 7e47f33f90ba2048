package dev.edgerelay.relay;

import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.http.EdgeHttpServer;
import dev.edgerelay.relay.http.NodeHealth;
import dev.edgerelay.sim.PlatformSim;
import dev.edgerelay.sim.SimOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running edge node: its HTTP face and, on the embedded default, the platform emulator in the same
 * process (ARCHITECTURE.md, configuration). Plain class, no verticle: start and close are futures.
 */
public final class EdgeNode {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeNode.class);

  private final Vertx vertx;
  private final NodeOptions options;
  private final String nodeId = UUID.randomUUID().toString();
  private final long startedAt = System.currentTimeMillis();
  private final EdgeHttpServer http;
  private volatile String phase = "starting";
  private volatile boolean ready;
  private volatile boolean closed;
  private PlatformSim embeddedSim;
  private String platformUrl;
  private int httpPort;

  private EdgeNode(Vertx vertx, NodeOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.http = new EdgeHttpServer(vertx, this::health);
  }

  /** Starts the node; the future completes once {@code /edge/health} answers 200. */
  public static Future<EdgeNode> start(Vertx vertx, NodeOptions options) {
    EdgeNode node = new EdgeNode(vertx, options);
    return node.startAll().map(node);
  }

  private Future<Void> startAll() {
    return http.listen(options.bindHost(), options.httpPort())
        .compose(port -> {
          httpPort = port;
          phase = "platform";
          return startPlatform();
        })
        .map(url -> {
          platformUrl = url;
          phase = "running";
          ready = true;
          LOG.info("edge-relay {} ready: HTTP on {}:{}, platform {}", nodeId, options.bindHost(), httpPort, platformUrl);
          return (Void) null;
        })
        .recover(err -> close().transform(ignored -> Future.failedFuture(err)));
  }

  private Future<String> startPlatform() {
    if (!options.embeddedPlatform()) {
      return Future.succeededFuture(options.platformUrl());
    }
    SimOptions simOptions = new SimOptions()
        .setHttpPort(options.simHttpPort())
        .setRtmpPort(options.simRtmpPort())
        .setMasterKey(options.apiKey())
        .setProductId(options.productId())
        .setCameras(options.simCameras());
    return PlatformSim.start(vertx, simOptions).map(sim -> {
      embeddedSim = sim;
      return sim.baseUrl();
    });
  }

  public NodeHealth health() {
    return new NodeHealth(ready, phase, nodeId, platformUrl == null ? "pending" : platformUrl,
        System.currentTimeMillis() - startedAt);
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

  /** Stops everything this node started; safe to call twice. */
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    ready = false;
    phase = "stopping";
    Future<Void> sim = embeddedSim == null ? Future.succeededFuture() : embeddedSim.close();
    return Future.join(http.close(), sim).mapEmpty();
  }
}
