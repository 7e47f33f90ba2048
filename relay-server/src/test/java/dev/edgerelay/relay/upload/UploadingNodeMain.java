package dev.edgerelay.relay.upload;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.outbox.OutboxStats;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.testing.ForkedJvm;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A node recording one channel of an emulator in another JVM with upload policy {@code all}, run in a forked JVM by
 * {@link UploadCrashTest} so it can be killed with SIGKILL mid-recording and mid-upload. Arguments: data directory,
 * HTTP port, platform base URL, api key, product id, device id, channel id, mode. Mode {@code record}: records and
 * prints {@code RECORDING}. Mode {@code drain}: the channel resumes recording (its persisted choice), is stopped at
 * once, and once the outbox has nothing pending or in flight {@code SETTLED done=d parked=p} is printed. A SIGTERM
 * closes the node cleanly through the shutdown hook.
 */
public final class UploadingNodeMain {
  /** Longer than the crash test's injected latency: a request that left before the kill lands first. */
  static final long UNKNOWN_GRACE_MILLIS = 1_500;
  static final int SEGMENT_MILLIS = 1_000;
  /** As long as the crash test waits for SETTLED: after that nobody reads the answer. */
  static final Duration SETTLE_DEADLINE = Duration.ofSeconds(60);

  private UploadingNodeMain() {}

  public static void main(String[] args) {
    ForkedJvm.mainOrExit(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    ChannelRef channel = new ChannelRef(args[5], Integer.parseInt(args[6]));
    NodeOptions options = new NodeOptions().setDataDir(args[0]).setHttpPort(port).setRtmpPort(port + 1)
        .setBindHost("127.0.0.1").setPlatformUrl(args[2]);
    options.platform().setApiKey(args[3]).setProductId(args[4]).setRequestTimeoutMillis(5_000);
    options.recorder().setSegmentMs(SEGMENT_MILLIS).setMinFreeMb(0);
    options.upload().setPolicy(UploadPolicy.ALL).setBackoffMs(50).setBackoffMaxMs(400)
        .setUnknownGraceMs(UNKNOWN_GRACE_MILLIS);
    Vertx vertx = Vertx.vertx();
    EdgeNode node = EdgeNode.start(vertx, options).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    ForkedJvm.closeOnShutdown(node, vertx);
    if ("drain".equals(args[7])) {
      Await.result(node.recorder().stop(channel).toCompletionStage());
      OutboxStats s = Eventually.value("the outbox settled", SETTLE_DEADLINE,
          () -> Await.result(node.uploads().stats().toCompletionStage()), stats -> stats.pending() + stats.inFlight() == 0);
      System.out.println("SETTLED done=" + s.done() + " parked=" + s.parked());
    } else {
      Await.result(node.recorder().start(channel).toCompletionStage());
      System.out.println("RECORDING " + channel);
    }
    System.out.flush();
  }
}
