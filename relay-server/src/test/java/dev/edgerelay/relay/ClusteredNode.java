package dev.edgerelay.relay;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.cluster.ClusterOptions;
import dev.edgerelay.relay.cluster.ClusterOwnership;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A clustered node in this JVM (real Hazelcast, loopback profile, its own clustered Vert.x and embedded emulator with
 * one silent camera), as {@code EdgeRelayMain --cluster} starts one.
 */
record ClusteredNode(ClusteredStart.Joined joined, ClusterOwnership ownership, EdgeNode node, WebClient http) {
  /** Starts node {@code name} of {@code site} on {@code basePort}, data under {@code dir/name}, {@code tweak} last. */
  static ClusteredNode start(Path dir, String site, int basePort, String name, Consumer<NodeOptions> tweak)
      throws Exception {
    int port = TestNode.freePortPair();
    NodeOptions options = new NodeOptions().setHttpPort(port).setRtmpPort(port + 1).setBindHost("127.0.0.1")
        .setDataDir(dir.resolve(name).toString());
    options.sim().setHttpPort(0).setRtmpPort(0).setCameras(1).setCameraMode(CameraMode.NONE);
    options.setCluster(new ClusterOptions().setEnabled(true).setName(site).setConfig("loopback").setPort(basePort)
        .setHeartbeatTimeoutMs(3_000).setJoinGraceMs(0).setNodeName(name));
    tweak.accept(options);
    ClusteredStart.Joined joined = Await.result(ClusteredStart.join(options.cluster(), name,
        options.eventLoopThreads()).toCompletionStage());
    ClusterOwnership ownership = Await.result(ClusterOwnership.start(joined.vertx(), joined.hazelcast(),
        options.cluster(), name, ConfigHash.digest(options), "test").toCompletionStage());
    EdgeNode node = Await.result(EdgeNode.start(joined.vertx(), options, ownership).toCompletionStage());
    ownership.reportLoad(() -> ClusteredStart.load(node));
    return new ClusteredNode(joined, ownership, node, WebClient.create(joined.vertx()));
  }

  /** {@code data} of a GET with the master key. */
  JsonObject get(String path) {
    return answer(path).getJsonObject("data");
  }

  /** The whole envelope of a GET with the master key. */
  JsonObject answer(String path) {
    return Await.result(http.get(node.httpPort(), "127.0.0.1", path).putHeader("api-key",
        node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject();
  }

  void close() {
    Await.result(node.close().eventually(ownership::close).eventually(() -> joined.vertx().close())
        .toCompletionStage(), Duration.ofSeconds(30));
  }
}
