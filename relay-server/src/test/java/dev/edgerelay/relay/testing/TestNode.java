package dev.edgerelay.relay.testing;

import dev.edgerelay.media.testing.LoopbackPorts;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * One node on its embedded emulator, on free loopback ports, shared by an end-to-end test class: the
 * node, a web client, and the play_address call every such test starts with. The Vert.x instance is the
 * caller's (VertxExtension injects it and closes it after the class).
 */
public final class TestNode implements AutoCloseable {

  public final Vertx vertx;
  public final EdgeNode node;
  public final WebClient http;

  private TestNode(Vertx vertx, EdgeNode node, WebClient http) {
    this.vertx = vertx;
    this.node = node;
    this.http = http;
  }

  /** Starts a node on 127.0.0.1 with its data in {@code dataDir}; {@code customize} sets cameras, timings... */
  public static TestNode start(Vertx vertx, Path dataDir, UnaryOperator<NodeOptions> customize) throws Exception {
    return start(vertx, dataDir, customize, EdgeNode::start);
  }

  /** As {@link #start(Vertx, Path, UnaryOperator)}, the node started by {@code starter} (a member of a test site). */
  public static TestNode start(Vertx vertx, Path dataDir, UnaryOperator<NodeOptions> customize,
      BiFunction<Vertx, NodeOptions, Future<EdgeNode>> starter) throws Exception {
    int port = freePortPair();
    NodeOptions base = new NodeOptions().setHttpPort(port).setRtmpPort(port + 1).setBindHost("127.0.0.1")
        .setDataDir(dataDir.toString());
    base.sim().setHttpPort(0).setRtmpPort(0);
    NodeOptions options = customize.apply(base);
    EdgeNode node = Await.result(starter.apply(vertx, options).toCompletionStage());
    return new TestNode(vertx, node, WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(128)));
  }

  /** A port {@code p} with {@code p + 1} free too, for a node's HTTP and RTMP ports (see {@link LoopbackPorts}). */
  public static int freePortPair() throws IOException {
    return LoopbackPorts.pair();
  }

  /** Every device-channel the node serves, in the directory's order. */
  public List<StreamKey> channels() {
    List<StreamKey> channels = new ArrayList<>();
    for (ServedDevice d : node.directory().devices()) {
      d.channels().forEach(c -> channels.add(new StreamKey(d.id(), c.channelId())));
    }
    return channels;
  }

  /** play_address's {@code data} for {@code key} with the master key (protocol 0 RTMP, 1 HLS). */
  public JsonObject playAddress(StreamKey key, int protocol) throws Exception {
    return Await.result(http.get(node.httpPort(), "127.0.0.1", "/ipc/video/play_address?device_id=" + key.deviceId()
        + "&channel_id=" + key.channelId() + "&protocol_type=" + protocol)
        .putHeader("api-key", node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject().getJsonObject("data");
  }

  /** {@code key}'s entry in {@code GET /edge/channels} (master key): live state, HLS figures, recording. */
  public JsonObject channelStatus(StreamKey key) throws Exception {
    JsonArray channels = Await.result(http.get(node.httpPort(), "127.0.0.1", "/edge/channels")
        .putHeader("api-key", node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject()
        .getJsonArray("data");
    return channels.stream().map(JsonObject.class::cast).filter(c -> c.getString("device_id").equals(key.deviceId())
        && c.getInteger("channel_id") == key.channelId()).findFirst()
        .orElseThrow(() -> new AssertionError(key + " is not in /edge/channels: " + channels));
  }

  @Override
  public void close() throws Exception {
    http.close();
    Await.result(node.close().toCompletionStage());
  }
}
