package dev.edgerelay.sim.server;

import dev.edgerelay.sim.CameraSeeder;
import dev.edgerelay.sim.SimOptions;
import dev.edgerelay.sim.SimState;
import dev.edgerelay.sim.StateFile;
import dev.edgerelay.sim.StreamPlays;
import dev.edgerelay.sim.camera.CameraFleet;
import dev.edgerelay.sim.http.ApiRouter;
import dev.edgerelay.sim.http.FaultInjector;
import dev.edgerelay.sim.http.SimContext;
import dev.edgerelay.sim.rtmp.RtmpOrigin;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OneNET video platform emulator: its HTTP API on one port, backed by {@link SimState}, its RTMP origin on
 * another, and the synthetic cameras publishing into it. Start it with {@link #start(Vertx, SimOptions)};
 * {@link #close()} stops it and writes the state file when one is configured.
 */
public final class PlatformSim {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformSim.class);
  /** Longest request line: spec 1.5 allows 100 device ids in one query, far beyond Netty's 4 KiB default. */
  public static final int MAX_REQUEST_LINE = 16 * 1024;

  private final Vertx vertx;
  private final SimOptions options;
  private final SimState state;
  private final SimContext context;
  private final FaultInjector faults;
  private final StateFile stateFile;
  private HttpServer server;
  private volatile RtmpOrigin origin;
  private volatile CameraFleet fleet;
  private long saveTimer = -1;
  private volatile long savedRevision = -1;
  private Future<Void> saveChain = Future.succeededFuture();
  private Promise<Void> closed;

  private PlatformSim(Vertx vertx, SimOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.state = new SimState(options.clock(), options.productId(), options.objectStoreMaxBytes());
    this.context = new SimContext(vertx, options, state);
    this.faults = new FaultInjector(vertx);
    this.stateFile = options.stateFile() == null ? null : new StateFile(vertx, Path.of(options.stateFile()));
  }

  /** Loads the state file (or seeds {@code cameras} devices into a fresh state), then listens. */
  public static Future<PlatformSim> start(Vertx vertx, SimOptions options) {
    SimOptions copy;
    try {
      copy = new SimOptions(options).validate();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    PlatformSim sim = new PlatformSim(vertx, copy);
    return sim.loadState().compose(v -> sim.listen()).compose(v -> sim.startLive())
        .recover(e -> sim.stop(false).transform(stopped -> Future.failedFuture(e))).map(sim);
  }

  private Future<Void> loadState() {
    Future<Void> loaded = stateFile == null ? Future.succeededFuture()
        : stateFile.load().map(snapshot -> {
          snapshot.ifPresent(json -> {
            state.load(json);
            LOG.info("platform-sim: loaded {} devices from {}", state.devices().size(), stateFile.path());
          });
          return null;
        });
    return loaded.map(v -> {
      if (state.devices().isEmpty()) {
        CameraSeeder.seed(state, options.cameras());
      }
      return null;
    });
  }

  private Future<Void> listen() {
    HttpServerOptions serverOptions = new HttpServerOptions().setHost(options.host()).setPort(options.httpPort())
        .setMaxInitialLineLength(MAX_REQUEST_LINE);
    return vertx.createHttpServer(serverOptions)
        .requestHandler(ApiRouter.create(context, faults))
        .listen()
        .map(bound -> {
          server = bound;
          context.boundTo(bound.actualPort());
          if (stateFile != null) {
            saveTimer = vertx.setPeriodic(options.stateSaveIntervalMillis(), t -> save(false));
          }
          LOG.info("platform-sim: HTTP API at {}", baseUrl());
          return null;
        });
  }

  /** Binds the RTMP origin and starts the cameras on a worker: binding blocks, a loop clip takes seconds. */
  private Future<Void> startLive() {
    return vertx.executeBlocking(() -> {
      origin = RtmpOrigin.start(state, options.host(), options.rtmpPort(), options.originJoin());
      context.rtmpBoundTo(origin.port(), origin::drop, new SimContext.MediaStaller() {
        @Override
        public int stall(String deviceId, Integer channelId, long durationMillis) {
          return origin.stall(deviceId, channelId, durationMillis);
        }

        @Override
        public int lift() {
          return origin.liftStalls();
        }
      }, origin::plays);
      fleet = CameraFleet.start(options, state, origin);
      return null;
    }, false);
  }

  /**
   * Writes the state file when the state changed since the last write ({@code force}: always). Writes are
   * chained, so two never overlap.
   */
  private synchronized Future<Void> save(boolean force) {
    if (stateFile == null) {
      return Future.succeededFuture();
    }
    saveChain = saveChain.transform(previous -> {
      long revision = state.revision();
      if (!force && revision == savedRevision) {
        return Future.<Void>succeededFuture();
      }
      return stateFile.save(state)
          .onSuccess(v -> savedRevision = revision)
          .onFailure(e -> LOG.warn("platform-sim: could not write state file {}", stateFile.path(), e));
    });
    return saveChain;
  }

  public int httpPort() {
    return server.actualPort();
  }

  /** The port the RTMP origin listens on (the bound one when {@code rtmpPort} was 0). */
  public int rtmpPort() {
    return origin.port();
  }

  /** The RTMP players of each stream that had one, by stream name "{dev}-{ch}": the upstream pulls of a site. */
  public Map<String, StreamPlays> rtmpPlays() {
    return context.plays().plays();
  }

  /** "host:port" that play_address gives players: {@code rtmpAdvertise}, else the origin's own address. */
  public String rtmpAddress() {
    return context.rtmpAddress();
  }

  /** "http://HOST:PORT", where the platform API answers. */
  public String baseUrl() {
    return "http://" + context.httpAddress();
  }

  public String masterKey() {
    return options.masterKey();
  }

  public String productId() {
    return options.productId();
  }

  public SimOptions options() {
    return new SimOptions(options);
  }

  /** The in-memory model, for tests and for the RTMP origin (token checks, stat sessions). */
  public SimState state() {
    return state;
  }

  /**
   * Stops the cameras, the RTMP origin and the HTTP server, then writes the state file when configured; later
   * calls return the same future.
   */
  public Future<Void> close() {
    return stop(true);
  }

  /** {@code save} false: a start that failed half-way must not overwrite the state file it may not have read. */
  private synchronized Future<Void> stop(boolean save) {
    if (closed != null) {
      return closed.future();
    }
    closed = Promise.promise();
    if (saveTimer >= 0) {
      vertx.cancelTimer(saveTimer);
    }
    Future<Void> live = vertx.executeBlocking(() -> {
      if (fleet != null) {
        fleet.close();
      }
      if (origin != null) {
        origin.close();
      }
      return null;
    }, false);
    Future<Void> stopped = live.eventually(() -> server == null ? Future.succeededFuture() : server.close());
    stopped.compose(v -> save ? save(true) : Future.<Void>succeededFuture()).onComplete(closed);
    return closed.future();
  }
}
