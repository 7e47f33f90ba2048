package dev.edgerelay.relay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.relay.config.CommandLine;
import dev.edgerelay.relay.config.NodeConfigLoader;
import dev.edgerelay.relay.config.NodeOption;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.options.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's settings from every source, and the sentences that say what to fix. */
class ClusterOptionsTest {
  private static NodeOptions load(Map<String, String> env, String... args) {
    return new NodeConfigLoader(env, new Properties()).load(CommandLine.parse(args).flags());
  }

  @Test
  void shouldBeOffWithTheDocumentedDefaults() {
    ClusterOptions cluster = load(Map.of()).cluster();

    assertThat(cluster.enabled()).isFalse();
    assertThat(cluster.name()).isEqualTo("edge-relay");
    assertThat(cluster.join()).isEqualTo(ClusterJoin.TCP);
    assertThat(cluster.port()).isEqualTo(5701);
    assertThat(cluster.busPort()).isZero();
    assertThat(cluster.nodeWeight()).isEqualTo(1);
    assertThat(cluster.heartbeatTimeoutMs()).isEqualTo(10_000);
    assertThat(cluster.joinGraceMs()).isEqualTo(30_000);
    assertThat(cluster.rebalance()).isEqualTo(Rebalance.AUTO);
    assertThat(cluster.foreignLive()).isEqualTo(ForeignLive.RELAY);
    assertThat(cluster.playAddress()).isEqualTo(PlayAddressMode.OWNER);
    assertThat(cluster.fanoutTimeoutMs()).isEqualTo(2_000);
    assertThat(cluster.takeoverConcurrency()).isEqualTo(16);
    assertThat(cluster.memberList()).isEmpty();
  }

  @Test
  void shouldReadEveryClusterFlagAndABareSwitch() {
    ClusterOptions cluster = load(Map.of(), "--cluster", "--cluster-name", "site-a", "--cluster-members",
        "10.0.0.2:5701, 10.0.0.3", "--cluster-join", "multicast", "--cluster-host", "10.0.0.1", "--cluster-port", "5801",
        "--cluster-bus-port", "5802", "--cluster-config", "loopback", "--node-name", "box-1", "--node-weight", "3",
        "--cluster-heartbeat-timeout-ms", "4000", "--cluster-join-grace-ms", "0", "--cluster-rebalance", "manual",
        "--cluster-foreign-live", "redirect", "--cluster-play-address", "self", "--cluster-fanout-timeout-ms", "500",
        "--cluster-takeover-concurrency", "4").cluster();

    assertThat(cluster.enabled()).isTrue();
    assertThat(cluster.name()).isEqualTo("site-a");
    assertThat(cluster.memberList()).containsExactly("10.0.0.2:5701", "10.0.0.3:5801");
    assertThat(cluster.join()).isEqualTo(ClusterJoin.MULTICAST);
    assertThat(cluster.host()).isEqualTo("10.0.0.1");
    assertThat(cluster.busPort()).isEqualTo(5802);
    assertThat(cluster.config()).isEqualTo("loopback");
    assertThat(cluster.nodeName()).isEqualTo("box-1");
    assertThat(cluster.nodeWeight()).isEqualTo(3);
    assertThat(cluster.heartbeatTimeoutMs()).isEqualTo(4_000);
    assertThat(cluster.joinGraceMs()).isZero();
    assertThat(cluster.rebalance()).isEqualTo(Rebalance.MANUAL);
    assertThat(cluster.foreignLive()).isEqualTo(ForeignLive.REDIRECT);
    assertThat(cluster.playAddress()).isEqualTo(PlayAddressMode.SELF);
    assertThat(cluster.fanoutTimeoutMs()).isEqualTo(500);
    assertThat(cluster.takeoverConcurrency()).isEqualTo(4);
  }

  @Test
  void shouldReadTheEnvironmentAndTheConfigFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("edge.json");
    Files.writeString(file, "{\"cluster\": true, \"cluster_members\": [\"a:1\", \"b:2\"], \"node_name\": \"n1\"}");

    ClusterOptions cluster = load(Map.of("EDGE_CLUSTER_PORT", "6000", "EDGE_CLUSTER_FOREIGN_LIVE", "redirect"),
        "--config", file.toString()).cluster();

    assertThat(cluster.enabled()).isTrue();
    assertThat(cluster.memberList()).containsExactly("a:1", "b:2");
    assertThat(cluster.nodeName()).isEqualTo("n1");
    assertThat(cluster.port()).isEqualTo(6000);
    assertThat(cluster.foreignLive()).isEqualTo(ForeignLive.REDIRECT);
  }

  @Test
  void shouldStillReadAnExplicitSwitchValue() {
    assertThat(load(Map.of(), "--cluster", "false", "--http-port", "9000").cluster().enabled()).isFalse();
    assertThat(load(Map.of(), "--cluster=true").cluster().enabled()).isTrue();
  }

  @Test
  void shouldSayWhatToFixInTheUsersWords() {
    assertThatThrownBy(() -> load(Map.of(), "--cluster-join", "udp")).isInstanceOf(ConfigException.class)
        .hasMessage("--cluster-join must be tcp or multicast, got 'udp'");
    assertThatThrownBy(() -> load(Map.of(), "--cluster-foreign-live", "proxy"))
        .hasMessage("--cluster-foreign-live must be relay or redirect, got 'proxy'");
    assertThatThrownBy(() -> load(Map.of(), "--cluster-play-address", "origin"))
        .hasMessage("--cluster-play-address must be owner or self, got 'origin'");
    assertThatThrownBy(() -> load(Map.of(), "--cluster-members", "a:99999"))
        .hasMessage("--cluster-members takes host:port[,host:port...] with ports 1 to 65535, got 'a:99999'");
    assertThatThrownBy(() -> load(Map.of(), "--node-name", "box 1"))
        .hasMessage("--node-name must be 1 to 64 letters, digits, '.', '-' or '_', got 'box 1'");
    assertThatThrownBy(() -> load(Map.of("EDGE_CLUSTER_HEARTBEAT_TIMEOUT_MS", "500")))
        .hasMessage("--cluster-heartbeat-timeout-ms must be between 2000 and 300000, got 500");
    assertThatThrownBy(() -> load(Map.of(), "--cluster-takeover-concurrency", "0"))
        .hasMessage("--cluster-takeover-concurrency must be between 1 and 1000, got 0");
  }

  @Test
  void helpShouldListTheClusterOptionsWithRangesAndDefaults() {
    String usage = CommandLine.usage();

    assertThat(usage).contains("--cluster BOOL").contains("EDGE_CLUSTER_MEMBERS")
        .contains("--cluster-port PORT").contains("(default 5701)")
        .contains("--cluster-takeover-concurrency N").contains("1 to 1000 (default 16)");
    assertThat(NodeOption.byLongName("node-name").path()).isEqualTo("cluster.nodeName");
  }

  @Test
  void shouldReadBackWhatItWrites() {
    ClusterOptions options = new ClusterOptions().setEnabled(true).setMembers("h:1").setJoin(ClusterJoin.MULTICAST)
        .setForeignLive(ForeignLive.REDIRECT).setPlayAddress(PlayAddressMode.SELF).setRebalance(Rebalance.MANUAL);

    assertThat(new ClusterOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
  }
}
