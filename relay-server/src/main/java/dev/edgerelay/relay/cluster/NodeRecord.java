package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.http.NodeAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's entry in the replicated map {@code edge.nodes} (docs/architecture.md, "Cluster"), kept as JSON text:
 * where its HTTP API and LAN RTMP listen, whether it takes channels, what it runs and relays, its outbox and disk.
 * Rewritten by the node every few seconds and on change; kept after its death with {@link #downSince()} set, so
 * its last figures (the uploads it left) stay visible until an operator forgets it.
 *
 * @param http {@code host:port} of its HTTP API, empty before it advertised
 * @param rtmp {@code host:port} of its LAN RTMP server, empty before it advertised
 * @param config digests of the settings every node of a site must share
 * @param streams channels ({@code dev-ch}) whose origin it runs
 * @param load the channels it relays, its outbox and its disk, as last read
 * @param downSince when its peers saw it leave (epoch ms), 0 while it is up
 */
public record NodeRecord(String name, String http, String rtmp, int weight, boolean ready, boolean draining,
    String version, ConfigDigest config, List<String> streams, NodeLoad load, long downSince) {

  public NodeRecord {
    streams = List.copyOf(streams);
  }

  /** The record of a node that publishes no load figures: its name, addresses, weight and readiness. */
  public static NodeRecord of(String name, NodeAddress address, int weight, boolean ready, String version,
      String configHash, List<String> streams) {
    return new NodeRecord(name, address == null ? "" : address.http(), address == null ? "" : address.rtmp(), weight,
        ready, false, version, ConfigDigest.of(configHash), streams, NodeLoad.UNKNOWN, 0);
  }

  /** The digest over all of its shared settings. */
  public String configHash() {
    return config.hash();
  }

  /** Channels it relays from another node's origin. */
  public List<String> relays() {
    return load.relays();
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("http", http).put("rtmp", rtmp).put("weight", weight)
        .put("ready", ready).put("draining", draining).put("version", version).put("config_hash", config.hash())
        .put("config_sections", new JsonObject(new HashMap<>(config.sections())))
        .put("streams", new JsonArray(streams)).put("relays", new JsonArray(load.relays()))
        .put("outbox_pending", load.outboxPending()).put("outbox_in_flight", load.outboxInFlight())
        .put("outbox_parked", load.outboxParked()).put("outbox_oldest_at", load.outboxOldestMillis())
        .put("disk_used_bytes", load.diskUsedBytes()).put("disk_free_bytes", load.diskFreeBytes())
        .put("down_since", downSince);
  }

  /** The JSON text stored in {@code edge.nodes}. */
  public String encode() {
    return toJson().encode();
  }

  /** Reads {@link #encode()}'s text; a field a newer node added is ignored, one an older node lacks is empty. */
  public static NodeRecord decode(String text) {
    JsonObject json = new JsonObject(text);
    Map<String, String> sections = new HashMap<>();
    JsonObject sectionsJson = json.getJsonObject("config_sections");
    if (sectionsJson != null) {
      sectionsJson.forEach(e -> sections.put(e.getKey(), String.valueOf(e.getValue())));
    }
    NodeLoad load = new NodeLoad(strings(json.getJsonArray("relays")), json.getLong("outbox_pending", 0L),
        json.getLong("outbox_in_flight", 0L), json.getLong("outbox_parked", 0L), json.getLong("outbox_oldest_at", 0L),
        json.getLong("disk_used_bytes", 0L), json.getLong("disk_free_bytes", 0L));
    return new NodeRecord(json.getString("name", ""), json.getString("http", ""), json.getString("rtmp", ""),
        json.getInteger("weight", 0), json.getBoolean("ready", false), json.getBoolean("draining", false),
        json.getString("version", ""), new ConfigDigest(json.getString("config_hash", ""), sections),
        strings(json.getJsonArray("streams")), load, json.getLong("down_since", 0L));
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }

  /** The same record, marked dead since {@code millis}. */
  public NodeRecord down(long millis) {
    return new NodeRecord(name, http, rtmp, weight, false, draining, version, config, streams, load, millis);
  }

  /** Takes channels: ready, not draining, weight above 0 (docs/architecture.md, "Cluster": the ready set). */
  public boolean takesChannels() {
    return ready && !draining && weight > 0 && downSince == 0;
  }
}
