package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.http.NodeAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One node's entry in the replicated map {@code edge.nodes} (docs/architecture.md, "Cluster"), kept as JSON text:
 * where its HTTP API and LAN RTMP listen, whether it takes channels, what it runs and how loaded it is. Rewritten by
 * the node every few seconds and on change; kept after its death with {@link #downSince()} set.
 *
 * @param http {@code host:port} of its HTTP API, empty before it advertised
 * @param rtmp {@code host:port} of its LAN RTMP server, empty before it advertised
 * @param configHash digest of the settings every node of a site must share ({@link ConfigHash})
 * @param streams channels ({@code dev-ch}) whose origin it runs
 * @param relays channels it relays from another node's origin
 * @param downSince when its peers saw it die (epoch ms), 0 while it is up
 */
public record NodeRecord(String name, String http, String rtmp, int weight, boolean ready, boolean draining,
    String version, String configHash, List<String> streams, List<String> relays, long outboxPending,
    long outboxParked, long diskUsedBytes, long diskFreeBytes, long downSince) {

  public NodeRecord {
    streams = List.copyOf(streams);
    relays = List.copyOf(relays);
  }

  /** The record of a node that publishes no load figures: its name, addresses, weight and readiness. */
  public static NodeRecord of(String name, NodeAddress address, int weight, boolean ready, String version,
      String configHash, List<String> streams) {
    return new NodeRecord(name, address == null ? "" : address.http(), address == null ? "" : address.rtmp(), weight,
        ready, false, version, configHash, streams, List.of(), 0, 0, 0, 0, 0);
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("http", http).put("rtmp", rtmp).put("weight", weight)
        .put("ready", ready).put("draining", draining).put("version", version).put("config_hash", configHash)
        .put("streams", new JsonArray(streams)).put("relays", new JsonArray(relays))
        .put("outbox_pending", outboxPending).put("outbox_parked", outboxParked)
        .put("disk_used_bytes", diskUsedBytes).put("disk_free_bytes", diskFreeBytes).put("down_since", downSince);
  }

  /** The JSON text stored in {@code edge.nodes}. */
  public String encode() {
    return toJson().encode();
  }

  /** Reads {@link #encode()}'s text; a field a newer node added is ignored, one an older node lacks is empty. */
  public static NodeRecord decode(String text) {
    JsonObject json = new JsonObject(text);
    return new NodeRecord(json.getString("name", ""), json.getString("http", ""), json.getString("rtmp", ""),
        json.getInteger("weight", 0), json.getBoolean("ready", false), json.getBoolean("draining", false),
        json.getString("version", ""), json.getString("config_hash", ""), strings(json.getJsonArray("streams")),
        strings(json.getJsonArray("relays")), json.getLong("outbox_pending", 0L), json.getLong("outbox_parked", 0L),
        json.getLong("disk_used_bytes", 0L), json.getLong("disk_free_bytes", 0L), json.getLong("down_since", 0L));
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }

  /** The same record, marked dead since {@code millis}. */
  public NodeRecord down(long millis) {
    return new NodeRecord(name, http, rtmp, weight, false, draining, version, configHash, streams, relays,
        outboxPending, outboxParked, diskUsedBytes, diskFreeBytes, millis);
  }

  /** Takes channels: ready, not draining, weight above 0 (docs/architecture.md, "Cluster": the ready set). */
  public boolean takesChannels() {
    return ready && !draining && weight > 0 && downSince == 0;
  }
}
