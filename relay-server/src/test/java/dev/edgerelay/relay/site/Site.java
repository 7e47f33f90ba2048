package dev.edgerelay.relay.site;

import dev.edgerelay.media.testing.LoopbackPorts;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.SimOptions;
import dev.edgerelay.sim.StreamPlays;
import dev.edgerelay.sim.server.PlatformSim;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A site on 127.0.0.1: the platform emulator in this JVM with synthetic loop cameras (GOP 2 s), and {@code n}
 * clustered node JVMs ({@link SiteNode}) pulling from it. The emulator counts the site's upstream pulls
 * ({@link #pulls()}); {@link ClusterProbe} reads what each node says of the cluster.
 */
public final class Site implements AutoCloseable {
  /** How long the nodes may take to start and see each other on a loaded 2-core machine. */
  static final Duration FORMED_WITHIN = Duration.ofSeconds(90);

  public final PlatformSim sim;
  public final List<SiteNode> nodes;
  public final ClusterProbe probe;
  private final WebClient http;

  private Site(PlatformSim sim, List<SiteNode> nodes, WebClient http) {
    this.sim = sim;
    this.nodes = nodes;
    this.http = http;
    this.probe = new ClusterProbe(http, sim.masterKey());
  }

  /**
   * Starts the emulator with {@code cameras} loop cameras, then {@code n} clustered nodes named {@code node-1..n} with
   * their data under {@code root}, and returns once every node serves and counts {@code n} members.
   * {@code extraArgs} go to every node's command line.
   */
  public static Site start(Vertx vertx, Path root, int cameras, int n, List<String> extraArgs) throws Exception {
    return start(vertx, root, cameras, n, true, extraArgs);
  }

  /** As {@link #start(Vertx, Path, int, int, List)}; {@code clustered} false: each node runs alone. */
  public static Site start(Vertx vertx, Path root, int cameras, int n, boolean clustered, List<String> extraArgs)
      throws Exception {
    return start(vertx, root, cameras, n, clustered, PlatformSim::baseUrl, extraArgs);
  }

  /**
   * As {@link #start(Vertx, Path, int, int, boolean, List)}, the nodes reaching the platform's HTTP API at
   * {@code platformUrl} of the started emulator (a counting proxy in front of it, say).
   */
  public static Site start(Vertx vertx, Path root, int cameras, int n, boolean clustered,
      Function<PlatformSim, String> platformUrl, List<String> extraArgs) throws Exception {
    PlatformSim sim = Await.result(PlatformSim.start(vertx, new SimOptions().setCameras(cameras)
        .setCameraMode(CameraMode.LOOP).setHost("127.0.0.1").setHttpPort(0).setRtmpPort(0)).toCompletionStage());
    String apiUrl = platformUrl.apply(sim);
    WebClient http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(64));
    List<Integer> httpPorts = new ArrayList<>();
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      httpPorts.add(TestNode.freePortPair());
      clusterPorts.add(freePort());
    }
    String members = !clustered ? null
        : clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    List<SiteNode> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = "node-" + (i + 1);
      Path data = root.resolve(name);
      nodes.add(new SiteNode(name, httpPorts.get(i), clusterPorts.get(i), data, SiteNode.args(name,
          httpPorts.get(i), clusterPorts.get(i), data, apiUrl, sim.masterKey(), sim.productId(), members,
          extraArgs)));
    }
    Site site = new Site(sim, nodes, http);
    try {
      for (SiteNode node : nodes) {
        node.start();
      }
      for (SiteNode node : nodes) {
        node.awaitReady();
      }
      if (clustered) {
        site.awaitMembers(nodes, n);
      }
      return site;
    } catch (Exception | AssertionError e) {
      site.close();
      throw e;
    }
  }

  /** Returns once each of {@code on} counts {@code count} members in {@code /edge/health}. */
  public void awaitMembers(List<SiteNode> on, int count) {
    for (SiteNode node : on) {
      Eventually.until(node.name + " counting " + count + " members", FORMED_WITHIN,
          () -> probe.members(node) == count);
    }
  }

  /** Starts a killed node again (same name, ports and data) and waits until it serves. */
  public void restart(SiteNode node) throws Exception {
    node.start();
    node.awaitReady();
  }

  /** Hazelcast's master (the oldest member) as the running nodes last logged it, null when they disagree. */
  public SiteNode master() {
    List<Integer> seen = nodes.stream().filter(SiteNode::alive).map(SiteNode::masterPort).distinct().toList();
    return seen.size() != 1 ? null
        : nodes.stream().filter(n -> n.clusterPort == seen.get(0)).findFirst().orElse(null);
  }

  public List<SiteNode> others(SiteNode than) {
    return nodes.stream().filter(n -> n != than).toList();
  }

  /** The node whose HTTP address is {@code address} ("127.0.0.1:port"), or null. */
  public SiteNode byAddress(String address) {
    return nodes.stream().filter(n -> n.httpAddress().equals(address)).findFirst().orElse(null);
  }

  public SiteNode byName(String name) {
    return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
  }

  /** The first channel of every camera, in the emulator's device order: one channel per camera. */
  public List<StreamKey> firstChannels() {
    return sim.state().devices().stream().map(d -> new StreamKey(d.id(), 1)).toList();
  }

  /** The emulator's RTMP players per watched channel connected now: the site's upstream pulls. */
  public Map<StreamKey, Integer> pulls(List<StreamKey> channels) {
    return perChannel(channels, StreamPlays::playing);
  }

  /** Players the emulator admitted per channel since it started (closed ones included). */
  public Map<StreamKey, Long> admitted(List<StreamKey> channels) {
    return perChannel(channels, StreamPlays::admitted);
  }

  private <T> Map<StreamKey, T> perChannel(List<StreamKey> channels, Function<StreamPlays, T> count) {
    Map<String, StreamPlays> plays = sim.rtmpPlays();
    Map<StreamKey, T> out = new LinkedHashMap<>();
    channels.forEach(k -> out.put(k, count.apply(plays.getOrDefault(k.rtmpName(), new StreamPlays(0, 0)))));
    return out;
  }

  /** Every watched channel pulled exactly once, and every other channel of the emulator not at all. */
  public boolean onePullPerChannel(List<StreamKey> watched) {
    Map<String, StreamPlays> plays = sim.rtmpPlays();
    for (Map.Entry<String, StreamPlays> e : plays.entrySet()) {
      boolean isWatched = watched.stream().anyMatch(k -> k.rtmpName().equals(e.getKey()));
      if (e.getValue().playing() != (isWatched ? 1 : 0)) {
        return false;
      }
    }
    return watched.stream().allMatch(k -> plays.containsKey(k.rtmpName()));
  }

  /** A free TCP port on loopback for Hazelcast's member port (see {@link LoopbackPorts}). */
  static int freePort() throws IOException {
    return LoopbackPorts.one();
  }

  /** Kills every node (SIGKILL: their data is thrown away) and stops the emulator. */
  @Override
  public void close() throws Exception {
    for (SiteNode node : nodes) {
      if (node.alive()) {
        node.kill();
      }
    }
    http.close();
    Await.result(sim.close().toCompletionStage());
  }
}
