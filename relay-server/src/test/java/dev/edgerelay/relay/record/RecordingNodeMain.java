package dev.edgerelay.relay.record;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.testing.ForkedJvm;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * A node recording one emulator camera, run in a forked JVM by {@link CrashRecoveryTest} so it can be
 * killed with SIGKILL. Arguments: data directory, HTTP port. Prints {@code RECORDING dev-ch} once the
 * recorder runs; a SIGTERM closes it cleanly through the shutdown hook.
 */
public final class RecordingNodeMain {
  private RecordingNodeMain() {}

  public static void main(String[] args) {
    ForkedJvm.mainOrExit(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    NodeOptions options = new NodeOptions().setDataDir(args[0]).setHttpPort(port).setRtmpPort(port + 1)
        .setBindHost("127.0.0.1");
    options.sim().setHttpPort(0).setRtmpPort(0).setCameras(1).setCameraMode(CameraMode.LOOP);
    options.recorder().setSegmentMs(2000).setMinFreeMb(0);
    Vertx vertx = Vertx.vertx();
    EdgeNode node = EdgeNode.start(vertx, options).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    ForkedJvm.closeOnShutdown(node, vertx);
    ServedDevice d = node.directory().devices().iterator().next();
    ChannelRef channel = new ChannelRef(d.id(), d.channels().get(0).channelId());
    node.recorder().start(channel).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("RECORDING " + channel);
    System.out.flush();
  }
}
