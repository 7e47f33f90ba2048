package dev.edgerelay.relay.upload;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.state.NodeState;
import dev.edgerelay.recorder.outbox.OutboxOptions;
import dev.edgerelay.recorder.outbox.OutboxStats;
import dev.edgerelay.recorder.outbox.UploadKind;
import dev.edgerelay.recorder.outbox.UploadOutbox;
import dev.edgerelay.recorder.outbox.UploadTarget;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.PlatformOptions;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * An outbox uploading every file of {@code <data>/files} as {@code rec/kill/<file name>}, run in a forked JVM
 * by {@link OutboxCrashTest} so it can be killed with SIGKILL mid-upload. Arguments: data directory,
 * platform base URL, api key, product id. Prints {@code QUEUED n}, then {@code SETTLED done=d parked=p} once
 * nothing is pending or in flight.
 */
public final class OutboxNodeMain {
  /** Shorter than the crash test's wait, longer than its injected latency: an orphaned request lands first. */
  static final long UNKNOWN_GRACE_MILLIS = 2_500;
  /** As long as the crash test waits for SETTLED: after that nobody reads the answer. */
  static final Duration SETTLE_DEADLINE = Duration.ofSeconds(60);

  private OutboxNodeMain() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    Vertx vertx = Vertx.vertx();
    PlatformClient client = PlatformClient.create(vertx, new PlatformOptions().setBaseUrl(args[1]).setApiKey(args[2])
        .setProductId(args[3]).setRequestTimeoutMillis(10_000));
    NodeState state = NodeState.open(data);
    UploadOutbox outbox = UploadOutbox.open(state.outbox(), new PlatformUploader(vertx, client),
        new OutboxOptions(2, 0, 1_000, 50, 500, 1_000, UNKNOWN_GRACE_MILLIS), Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      outbox.close();
      state.close();
    }));
    List<Path> files;
    try (Stream<Path> listing = Files.list(data.resolve("files"))) {
      files = listing.sorted().toList();
    }
    for (Path f : files) {
      outbox.enqueue(UploadKind.RECORDING, f, UploadTarget.recording("rec/kill/" + f.getFileName(), "")).get();
    }
    System.out.println("QUEUED " + files.size());
    System.out.flush();
    OutboxStats s = Eventually.value("the outbox settled", SETTLE_DEADLINE, () -> Await.result(outbox.stats()),
        stats -> stats.pending() + stats.inFlight() == 0);
    System.out.println("SETTLED done=" + s.done() + " parked=" + s.parked());
    System.out.flush();
    // Vert.x threads keep the JVM up until the test stops it
  }
}
