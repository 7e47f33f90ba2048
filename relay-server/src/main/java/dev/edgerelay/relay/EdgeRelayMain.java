package dev.edgerelay.relay;

import dev.edgerelay.recorder.catalog.RecorderStorage;
import dev.edgerelay.recorder.picture.PictureStore;
import dev.edgerelay.relay.config.CommandLine;
import dev.edgerelay.relay.config.NodeConfigLoader;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.options.ConfigException;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** Command-line entry of the edge node: {@code java -jar edge-relay.jar [run|demo] [options]}. */
public final class EdgeRelayMain {
  /** Exit status for a setting the node cannot start with (sysexits EX_USAGE). */
  static final int EXIT_USAGE = 64;
  /** Exit status when start-up failed for another reason (a port in use, the platform unreachable). */
  static final int EXIT_START_FAILED = 1;

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
    if (cli.command().equals("rebuild-index")) {
      System.exit(rebuildIndex(options));
      return;
    }
    Vertx vertx = Vertx.vertx();
    EdgeNode node;
    try {
      node = EdgeNode.start(vertx, options).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      System.err.println("edge-relay: could not start: " + e.getMessage());
      vertx.close();
      System.exit(EXIT_START_FAILED);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("edge-relay: unclean stop: " + e.getMessage());
      }
    }, "edge-relay-shutdown"));
    System.out.print(new StartupBanner(node).text());
  }
}
