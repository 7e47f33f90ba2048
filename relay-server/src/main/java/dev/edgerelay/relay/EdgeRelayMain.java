package dev.edgerelay.relay;

import dev.edgerelay.recorder.catalog.RecorderStorage;
import dev.edgerelay.recorder.picture.PictureStore;
import dev.edgerelay.relay.config.CommandLine;
import dev.edgerelay.relay.config.NodeConfigLoader;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.logging.NodeLogging;
import dev.edgerelay.relay.options.ConfigException;
import dev.edgerelay.relay.cluster.ClusterOwnership;
import dev.edgerelay.relay.cluster.Ownership;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Future;
import dev.edgerelay.relay.metrics.NodeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command-line entry of the edge node: {@code java -jar edge-relay.jar [run|demo] [options]}. */
public final class EdgeRelayMain {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeRelayMain.class);
  /** Netty's switch between its buffer allocators: pooled, adaptive or unpooled. */
  static final String ALLOCATOR_PROPERTY = "io.netty.allocator.type";
  /** Exit status for a setting the node cannot start with (sysexits EX_USAGE). */
  static final int EXIT_USAGE = 64;
  /** Exit status when start-up failed for another reason (a port in use, the platform unreachable). */
  static final int EXIT_START_FAILED = 1;
  /** How long a stop waits for its recorded channels to move to its peers before it closes anyway. */
  static final java.time.Duration DRAIN_BOUND = java.time.Duration.ofSeconds(10);

  private EdgeRelayMain() {}

  /**
   * {@code edge-relay rebuild-index}: the index from the files alone, recordings with their video names and
   * pictures with their metadata; the node state (upload outbox, recording intents) is kept. The node must be
   * stopped.
   */
  static int rebuildIndex(NodeOptions options) {
    try (RecorderStorage storage = RecorderStorage.rebuild(options.dataDir(), options.recorder().videoGapMs())) {
      PictureStore pictures = storage.openPictures(options.dataDir().resolve(EdgeNode.PICTURES_DIR), 0);
      System.out.println("edge-relay: index rebuilt under " + options.dataDir() + ": "
          + storage.catalog().channels().size() + " channels, " + storage.catalog().usedBytes() + " bytes of recordings, "
          + pictures.usedBytes() + " bytes of pictures");
      return 0;
    } catch (Exception e) {
      System.err.println("edge-relay: could not rebuild the index: " + e.getMessage());
      return EXIT_START_FAILED;
    }
  }

  public static void main(String[] args) {
    choosePooledAllocator();
    NodeLogging.routeLibraries();
    CommandLine cli;
    NodeOptions options;
    try {
      cli = CommandLine.parse(args);
      if (cli.help()) {
        System.out.print(CommandLine.usage());
        return;
      }
      options = NodeConfigLoader.fromProcess().load(cli.flags());
      if (cli.command().equals("demo")) {
        options.setPlatformUrl(null);
      }
    } catch (ConfigException e) {
      System.err.println("edge-relay: " + e.getMessage());
      System.exit(EXIT_USAGE);
      return;
    }
    NodeLogging.apply(options.log(), options.dataDir());
    if (cli.command().equals("rebuild-index")) {
      System.exit(rebuildIndex(options));
      return;
    }
    Launched launched;
    try {
      launched = options.cluster().enabled() ? startClustered(options) : startAlone(options);
    } catch (ClusteredStart.DuplicateNameException e) {
      System.err.println("edge-relay: " + e.getMessage());
      System.exit(EXIT_USAGE);
      return;
    } catch (Exception e) {
      System.err.println("edge-relay: could not start: " + (e.getCause() != null ? e.getCause().getMessage()
          : e.getMessage()));
      System.exit(EXIT_START_FAILED);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        // a drain first (recorded channels move to the peers, bounded), then the node (peers stop choosing it), then
        // the shared state, then the site itself through vertx.close()
        launched.node().drain(DRAIN_BOUND).otherwiseEmpty().compose(v -> launched.node().close()).eventually(() -> launched.ownership().close()).eventually(() -> launched.vertx().close())
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("edge-relay: unclean stop: " + e.getMessage());
      }
    }, "edge-relay-shutdown"));
    logTransport(launched.vertx(), options);
    System.out.print(new StartupBanner(launched.node()).text());
  }

  /**
   * Netty's pooled allocator for every buffer, unless {@code -Dio.netty.allocator.type} chose another: Netty 4.2's
   * default, the adaptive one, cost a third more CPU at 200 channels, zeroing fresh chunks of direct memory for
   * socket reads (docs/operations.md, "Buffer allocator"). Runs before any Netty class reads the property.
   */
  static void choosePooledAllocator() {
    if (System.getProperty(ALLOCATOR_PROPERTY) == null) {
      System.setProperty(ALLOCATOR_PROPERTY, "pooled");
    }
  }

  /**
   * Says which socket transport the event loops run on (native epoll where Netty's library loads, else Java's NIO
   * with the reason) and which allocator gives buffers (docs/operations.md, "Native transport").
   */
  private static void logTransport(Vertx vertx, NodeOptions options) {
    String buffers = ByteBufAllocator.DEFAULT.getClass().getSimpleName();
    if (vertx.isNativeTransportEnabled()) {
      LOG.info("{} event loops on native epoll, buffers from {}", options.eventLoopThreads(), buffers);
    } else {
      Throwable why = vertx.unavailableNativeTransportCause();
      LOG.info("{} event loops on Java NIO (native epoll is not available: {}), buffers from {}",
          options.eventLoopThreads(), why == null ? "turned off" : why.getMessage(), buffers);
    }
  }

  /**
   * The node's Vert.x, alone or clustered: {@code eventLoops} loops (docs/operations.md, "Event loops"), on native
   * epoll where it loads ("Native transport").
   */
  static VertxOptions vertxOptions(int eventLoops) {
    return new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true);
  }

  /** A started node, the Vert.x it runs on and its ownership, closed in the reverse order. */
  private record Launched(Vertx vertx, EdgeNode node, Ownership ownership) {
  }

  private static Launched startAlone(NodeOptions options) throws Exception {
    VertxOptions vertxOptions = vertxOptions(options.eventLoopThreads());
    Vertx vertx = NodeMetrics.vertxBuilder(vertxOptions).build(); // Vert.x's HTTP meters on /edge/metrics
    try {
      EdgeNode node = await(EdgeNode.start(vertx, options));
      return new Launched(vertx, node, node.ownership());
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /**
   * {@code --cluster}: joins the site under the node's stable name (refused beside an older namesake), joins the
   * shared state, then starts the node on the clustered Vert.x; whatever started is closed again on a failure.
   */
  private static Launched startClustered(NodeOptions options) throws Exception {
    String name = NodeName.resolve(options.cluster().nodeName(), options.dataDir());
    ClusteredStart.Joined joined;
    try {
      joined = await(ClusteredStart.join(options.cluster(), name, options.eventLoopThreads()));
    } catch (ExecutionException e) {
      throw e.getCause() instanceof ClusteredStart.DuplicateNameException d ? d : e;
    }
    Vertx vertx = joined.vertx();
    ClusterOwnership ownership = null;
    try {
      ownership = await(ClusterOwnership.start(vertx, joined.hazelcast(), options.cluster(), name,
          ConfigHash.digest(options), version()));
      EdgeNode node = await(EdgeNode.start(vertx, options, ownership));
      ownership.reportLoad(() -> ClusteredStart.load(node));
      return new Launched(vertx, node, ownership);
    } catch (Exception e) {
      Future<Void> closing = ownership == null ? Future.succeededFuture() : ownership.close();
      closing.eventually(vertx::close).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }

  /** The build's version from the jar's manifest; {@code dev} when run from classes. */
  static String version() {
    String version = EdgeRelayMain.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
