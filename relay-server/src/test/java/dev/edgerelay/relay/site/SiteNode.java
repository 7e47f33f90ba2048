package dev.edgerelay.relay.site;

import dev.edgerelay.relay.EdgeRelayMain;
import dev.edgerelay.relay.testing.ForkedJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One node of a {@link Site}: {@link EdgeRelayMain} in a JVM of its own on the test's class path, clustered with
 * the site's other nodes over loopback (or alone), on fixed ports and a data directory of its own, so that a restart
 * is the same node again (same name, same addresses). It can be killed as a power cut would ({@link #kill()},
 * SIGKILL) or frozen and thawed ({@link #freeze()}, SIGSTOP; {@link #thaw()}, SIGCONT).
 */
public final class SiteNode {
  /** What {@link EdgeRelayMain} prints once the node serves. */
  static final String READY_LINE = "edge-relay is ready";
  /** In what {@link EdgeRelayMain} logs at start: its event loops' transport and buffer allocator. */
  static final String TRANSPORT_LINE = "event loops on";
  /** What {@link EdgeRelayMain}'s shutdown hook prints when a step of the stop failed or passed its bound. */
  static final String UNCLEAN_STOP = "unclean stop";
  /** A node's heap: 12 channels of live HLS windows and GOP caches with room to spare. */
  static final String HEAP = "256m";
  /**
   * What Hazelcast needs of a JVM started with {@code -cp} (the shaded jar's manifest carries the same opens), and
   * no phoning home from a test.
   */
  static final List<String> JVM_OPTIONS = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "-Dhazelcast.phone.home.enabled=false");

  public final String name;
  public final int httpPort;
  public final int rtmpPort;
  public final int clusterPort;
  private final Path dataDir;
  private final List<String> args;
  private ForkedJvm jvm;
  /** The member port Hazelcast listed first in this node's latest member list: the master's (the oldest member). */
  private volatile int masterPort = -1;
  private volatile boolean memberListFollows;
  private volatile boolean uncleanStop;
  private volatile String transport = "";

  SiteNode(String name, int httpPort, int clusterPort, Path dataDir, List<String> args) {
    this.name = name;
    this.httpPort = httpPort;
    this.rtmpPort = httpPort + 1;
    this.clusterPort = clusterPort;
    this.dataDir = dataDir;
    this.args = args;
  }

  /**
   * The command line of a node on 127.0.0.1 pulling from {@code platformUrl}; with {@code members} (every node's
   * cluster address, this one's included) it is clustered with the loopback profile, without it (null) it runs alone.
   */
  static List<String> args(String name, int httpPort, int clusterPort, Path dataDir, String platformUrl,
      String apiKey, String productId, String members, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("run", "--platform-url", platformUrl, "--api-key", apiKey,
        "--product-id", productId, "--bind-host", "127.0.0.1", "--advertise-host", "127.0.0.1",
        "--http-port", String.valueOf(httpPort), "--rtmp-port", String.valueOf(httpPort + 1),
        "--data-dir", dataDir.toString()));
    if (members != null) {
      args.addAll(List.of("--cluster", "--cluster-config", "loopback", "--cluster-host", "127.0.0.1",
          "--cluster-port", String.valueOf(clusterPort), "--cluster-members", members, "--node-name", name));
    }
    args.addAll(extra);
    return args;
  }

  /** Starts the JVM; {@link #awaitReady()} waits for it to serve. */
  void start() throws Exception {
    if (jvm != null && jvm.process.isAlive()) {
      throw new IllegalStateException(name + " is running");
    }
    masterPort = -1;
    uncleanStop = false;
    jvm = ForkedJvm.start(EdgeRelayMain.class, name, JVM_OPTIONS, HEAP, this::read, args.toArray(String[]::new));
  }

  /**
   * Follows Hazelcast's member list as the node logs it ("Members {size:3, ver:5} [" then one "Member [host]:port"
   * line each, in join order): its first member is the master. Also notes an unclean stop.
   */
  private void read(String line) {
    if (line.contains(UNCLEAN_STOP)) {
      uncleanStop = true;
    }
    if (line.contains(TRANSPORT_LINE)) {
      transport = line;
    }
    if (line.startsWith("Members {")) {
      memberListFollows = true;
    } else if (memberListFollows && line.trim().startsWith("Member [")) {
      memberListFollows = false;
      String address = line.trim().substring("Member [".length());
      String port = address.substring(address.indexOf("]:") + 2).split(" ")[0];
      masterPort = Integer.parseInt(port);
    }
  }

  /** The node's start-up line about its event loops' transport and buffers; empty before it logged it. */
  public String transport() {
    return transport;
  }

  /** The cluster port of the member this node last saw as Hazelcast's master, -1 before it logged a member list. */
  public int masterPort() {
    return masterPort;
  }

  void awaitReady() throws InterruptedException {
    jvm.awaitLine(READY_LINE);
  }

  /** The operating system's id of the node's JVM. */
  public long pid() {
    return jvm.process.pid();
  }

  public boolean alive() {
    return jvm != null && jvm.process.isAlive();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** "127.0.0.1:port" of the node's HTTP server, as play_address names it. */
  public String httpAddress() {
    return "127.0.0.1:" + httpPort;
  }

  /** SIGKILL: no shutdown hook, no goodbye to the cluster; returns once the process is gone. */
  public void kill() throws InterruptedException {
    jvm.kill();
  }

  /** SIGSTOP: the process stays, its sockets open, and answers nothing until {@link #thaw()}. */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #freeze()}. */
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  /**
   * SIGTERM, as a service manager's stop: waits up to {@code within} for the JVM to exit on its own (its shutdown hook
   * drains, closes the node and leaves the cluster) and returns its exit code, empty when it was still running (it
   * is then left running for the caller to judge and kill).
   */
  OptionalInt terminate(Duration within) throws InterruptedException {
    jvm.process.destroy();
    return jvm.process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(jvm.process.exitValue())
        : OptionalInt.empty();
  }

  /** Whether the node's shutdown hook said its stop was unclean (a step failed or passed its bound) since its start. */
  boolean stoppedUncleanly() {
    return uncleanStop;
  }

  /** SIGTERM and the wait for a graceful stop (the node leaves the cluster through its shutdown hook). */
  void stop() throws InterruptedException {
    if (alive()) {
      jvm.process.destroy();
      if (!jvm.process.waitFor(30, TimeUnit.SECONDS)) {
        jvm.kill();
      }
    }
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + pid() + " failed");
    }
  }

  @Override
  public String toString() {
    return name + "(http " + httpPort + ", cluster " + clusterPort + ")";
  }
}
