package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.options.Check;
import dev.edgerelay.relay.options.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * How the node joins a site of several nodes (docs/architecture.md, "Cluster"), and the node's name, which a
 * single node persists and uses too. Off by default: without {@code --cluster} the node runs alone, as before.
 */
public final class ClusterOptions {
  public static final boolean DEFAULT_ENABLED = false;
  /** Nodes with another cluster name on the same LAN never join this site. */
  public static final String DEFAULT_NAME = "edge-relay";
  /** No members named: with TCP join, the node starts a site of its own and others join it. */
  public static final String DEFAULT_MEMBERS = "";
  public static final ClusterJoin DEFAULT_JOIN = ClusterJoin.TCP;
  /** Empty: Hazelcast picks the interface. */
  public static final String DEFAULT_HOST = "";
  /** Hazelcast's own default port. */
  public static final int DEFAULT_PORT = 5701;
  /** 0: the event bus listens on any free port; a fixed one for firewalls between the nodes. */
  public static final int DEFAULT_BUS_PORT = 0;
  /** Empty: Vert.x's system property, then {@code cluster.xml} on the classpath, then the built-in TCP file. */
  public static final String DEFAULT_CONFIG = "";
  /** Empty: the name persisted in the data directory, made on the first start. */
  public static final String DEFAULT_NODE_NAME = "";
  public static final int DEFAULT_NODE_WEIGHT = 1;
  /** 0 keeps a node in the site but gives it no channels; past 100 one node would take nearly every channel. */
  public static final int MAX_NODE_WEIGHT = 100;
  /** A member silent this long is dropped: well under Hazelcast's 60 s, so a dead node's channels move soon. */
  public static final long DEFAULT_HEARTBEAT_TIMEOUT_MS = 10_000;
  /** Under 2 s a busy but healthy node (a GC pause, a full disk flush) would be dropped. */
  public static final long MIN_HEARTBEAT_TIMEOUT_MS = 2_000;
  public static final long MAX_HEARTBEAT_TIMEOUT_MS = 300_000;
  /** A node that (re)joins takes channels from a live origin only after this long, so a flapping node moves nothing. */
  public static final long DEFAULT_JOIN_GRACE_MS = 30_000;
  public static final long MAX_JOIN_GRACE_MS = 3_600_000;
  public static final Rebalance DEFAULT_REBALANCE = Rebalance.AUTO;
  public static final ForeignLive DEFAULT_FOREIGN_LIVE = ForeignLive.RELAY;
  public static final PlayAddressMode DEFAULT_PLAY_ADDRESS = PlayAddressMode.OWNER;
  /** How long a question to every node (video lists, pictures) waits for the slowest before answering without it. */
  public static final long DEFAULT_FANOUT_TIMEOUT_MS = 2_000;
  public static final long MIN_FANOUT_TIMEOUT_MS = 100;
  public static final long MAX_FANOUT_TIMEOUT_MS = 60_000;
  /** Takeovers a node starts at once, so hundreds of play_address calls do not reach the platform together. */
  public static final int DEFAULT_TAKEOVER_CONCURRENCY = 16;
  public static final int MAX_TAKEOVER_CONCURRENCY = 1_000;
  public static final int MAX_NODE_NAME_LENGTH = 64;
  /** Letters, digits, dot, dash and underscore: a node name goes into event-bus addresses and file names. */
  private static final String NODE_NAME_PATTERN = "[A-Za-z0-9._-]+";

  private boolean enabled = DEFAULT_ENABLED;
  private String name = DEFAULT_NAME;
  private String members = DEFAULT_MEMBERS;
  private ClusterJoin join = DEFAULT_JOIN;
  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private int busPort = DEFAULT_BUS_PORT;
  private String config = DEFAULT_CONFIG;
  private String nodeName = DEFAULT_NODE_NAME;
  private int nodeWeight = DEFAULT_NODE_WEIGHT;
  private long heartbeatTimeoutMs = DEFAULT_HEARTBEAT_TIMEOUT_MS;
  private long joinGraceMs = DEFAULT_JOIN_GRACE_MS;
  private Rebalance rebalance = DEFAULT_REBALANCE;
  private ForeignLive foreignLive = DEFAULT_FOREIGN_LIVE;
  private PlayAddressMode playAddress = DEFAULT_PLAY_ADDRESS;
  private long fanoutTimeoutMs = DEFAULT_FANOUT_TIMEOUT_MS;
  private int takeoverConcurrency = DEFAULT_TAKEOVER_CONCURRENCY;

  public ClusterOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public ClusterOptions(JsonObject json) {
    enabled = json.getBoolean("enabled", enabled);
    name = json.getString("name", name);
    members = json.getString("members", members);
    join = WireEnum.parse("join", json.getString("join", join.wireName()), ClusterJoin.class);
    host = json.getString("host", host);
    port = json.getInteger("port", port);
    busPort = json.getInteger("busPort", busPort);
    config = json.getString("config", config);
    nodeName = json.getString("nodeName", nodeName);
    nodeWeight = json.getInteger("nodeWeight", nodeWeight);
    heartbeatTimeoutMs = json.getLong("heartbeatTimeoutMs", heartbeatTimeoutMs);
    joinGraceMs = json.getLong("joinGraceMs", joinGraceMs);
    rebalance = WireEnum.parse("rebalance", json.getString("rebalance", rebalance.wireName()), Rebalance.class);
    foreignLive = WireEnum.parse("foreignLive", json.getString("foreignLive", foreignLive.wireName()), ForeignLive.class);
    playAddress = WireEnum.parse("playAddress", json.getString("playAddress", playAddress.wireName()),
        PlayAddressMode.class);
    fanoutTimeoutMs = json.getLong("fanoutTimeoutMs", fanoutTimeoutMs);
    takeoverConcurrency = json.getInteger("takeoverConcurrency", takeoverConcurrency);
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("name", name).put("members", members)
        .put("join", join.wireName()).put("host", host).put("port", port).put("busPort", busPort).put("config", config)
        .put("nodeName", nodeName).put("nodeWeight", nodeWeight).put("heartbeatTimeoutMs", heartbeatTimeoutMs)
        .put("joinGraceMs", joinGraceMs).put("rebalance", rebalance.wireName()).put("foreignLive", foreignLive.wireName())
        .put("playAddress", playAddress.wireName()).put("fanoutTimeoutMs", fanoutTimeoutMs)
        .put("takeoverConcurrency", takeoverConcurrency);
  }

  /** Checks every field; the ConfigException names the field and what it accepts. */
  public ClusterOptions validate() {
    Check.text("name", name);
    memberList();
    Check.port("port", port, 1, 65535);
    Check.port("busPort", busPort, 0, 65535);
    if (!nodeName.isEmpty() && (nodeName.length() > MAX_NODE_NAME_LENGTH || !nodeName.matches(NODE_NAME_PATTERN))) {
      throw new ConfigException("nodeName", "must be 1 to " + MAX_NODE_NAME_LENGTH
          + " letters, digits, '.', '-' or '_', got '" + nodeName + "'");
    }
    Check.range("nodeWeight", nodeWeight, 0, MAX_NODE_WEIGHT);
    Check.range("heartbeatTimeoutMs", heartbeatTimeoutMs, MIN_HEARTBEAT_TIMEOUT_MS, MAX_HEARTBEAT_TIMEOUT_MS);
    Check.range("joinGraceMs", joinGraceMs, 0, MAX_JOIN_GRACE_MS);
    Check.range("fanoutTimeoutMs", fanoutTimeoutMs, MIN_FANOUT_TIMEOUT_MS, MAX_FANOUT_TIMEOUT_MS);
    Check.range("takeoverConcurrency", takeoverConcurrency, 1, MAX_TAKEOVER_CONCURRENCY);
    return this;
  }

  /** True: the node joins a site through Hazelcast; false: it runs alone, as without clustering. */
  public boolean enabled() {
    return enabled;
  }

  public ClusterOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** The site's name: only nodes with the same one form a cluster. */
  public String name() {
    return name;
  }

  public ClusterOptions setName(String name) {
    this.name = name;
    return this;
  }

  /** The members to join over TCP, as {@code host:port} (a host alone means port {@link #port()}). */
  public List<String> memberList() {
    List<String> out = new ArrayList<>();
    for (String item : members.split(",")) {
      String member = item.trim();
      if (member.isEmpty()) {
        continue;
      }
      int colon = member.lastIndexOf(':');
      if (colon < 0) {
        out.add(member + ":" + port);
        continue;
      }
      String memberPort = member.substring(colon + 1);
      if (colon == 0 || !memberPort.matches("\\d{1,5}") || Integer.parseInt(memberPort) < 1
          || Integer.parseInt(memberPort) > 65535) {
        throw new ConfigException("members", "takes host:port[,host:port...] with ports 1 to 65535, got '" + member + "'");
      }
      out.add(member);
    }
    return out;
  }

  public ClusterOptions setMembers(String members) {
    this.members = members;
    return this;
  }

  public ClusterJoin join() {
    return join;
  }

  public ClusterOptions setJoin(ClusterJoin join) {
    this.join = join;
    return this;
  }

  /** The interface Hazelcast binds and announces; empty: its own choice. */
  public String host() {
    return host;
  }

  public ClusterOptions setHost(String host) {
    this.host = host;
    return this;
  }

  /** Hazelcast's member port. */
  public int port() {
    return port;
  }

  public ClusterOptions setPort(int port) {
    this.port = port;
    return this;
  }

  /** The clustered event bus's port; 0 picks any. */
  public int busPort() {
    return busPort;
  }

  public ClusterOptions setBusPort(int busPort) {
    this.busPort = busPort;
    return this;
  }

  /** A Hazelcast XML or YAML file, or a built-in profile name (tcp, multicast, loopback); empty: the lookup order. */
  public String config() {
    return config;
  }

  public ClusterOptions setConfig(String config) {
    this.config = config;
    return this;
  }

  /** The node's name as configured; empty: the persisted one (see the bootstrap). */
  public String nodeName() {
    return nodeName;
  }

  public ClusterOptions setNodeName(String nodeName) {
    this.nodeName = nodeName;
    return this;
  }

  /** This node's share of the channels relative to the others; 0 takes none. */
  public int nodeWeight() {
    return nodeWeight;
  }

  public ClusterOptions setNodeWeight(int nodeWeight) {
    this.nodeWeight = nodeWeight;
    return this;
  }

  public long heartbeatTimeoutMs() {
    return heartbeatTimeoutMs;
  }

  public ClusterOptions setHeartbeatTimeoutMs(long heartbeatTimeoutMs) {
    this.heartbeatTimeoutMs = heartbeatTimeoutMs;
    return this;
  }

  public long joinGraceMs() {
    return joinGraceMs;
  }

  public ClusterOptions setJoinGraceMs(long joinGraceMs) {
    this.joinGraceMs = joinGraceMs;
    return this;
  }

  public Rebalance rebalance() {
    return rebalance;
  }

  public ClusterOptions setRebalance(Rebalance rebalance) {
    this.rebalance = rebalance;
    return this;
  }

  public ForeignLive foreignLive() {
    return foreignLive;
  }

  public ClusterOptions setForeignLive(ForeignLive foreignLive) {
    this.foreignLive = foreignLive;
    return this;
  }

  public PlayAddressMode playAddress() {
    return playAddress;
  }

  public ClusterOptions setPlayAddress(PlayAddressMode playAddress) {
    this.playAddress = playAddress;
    return this;
  }

  public long fanoutTimeoutMs() {
    return fanoutTimeoutMs;
  }

  public ClusterOptions setFanoutTimeoutMs(long fanoutTimeoutMs) {
    this.fanoutTimeoutMs = fanoutTimeoutMs;
    return this;
  }

  public int takeoverConcurrency() {
    return takeoverConcurrency;
  }

  public ClusterOptions setTakeoverConcurrency(int takeoverConcurrency) {
    this.takeoverConcurrency = takeoverConcurrency;
    return this;
  }
}
