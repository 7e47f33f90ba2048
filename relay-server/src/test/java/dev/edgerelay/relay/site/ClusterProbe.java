package dev.edgerelay.relay.site;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a node says of the cluster, read over its HTTP API with the master key: the member count of
 * {@code /edge/health}, a member's state in {@code /edge/cluster}, each channel's origin from
 * {@code /edge/cluster/channels}, and the address {@code play_address} names. Each call waits at most
 * {@link #ANSWER_WITHIN}: a frozen or dead node is "no answer".
 */
public final class ClusterProbe {
  /** A live node answers these small reads in milliseconds; longer means it is frozen, dead or overloaded. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);

  private final WebClient http;
  private final String apiKey;

  ClusterProbe(WebClient http, String apiKey) {
    this.http = http;
    this.apiKey = apiKey;
  }

  /** The member count {@code /edge/health} reports, -1 when the node does not answer. */
  public int members(SiteNode node) {
    JsonObject answer = get(node, "/edge/health");
    if (answer == null) {
      return -1;
    }
    Object members = answer.getJsonObject("data", answer).getValue("members");
    if (members instanceof Number n) {
      return n.intValue();
    }
    if (members instanceof JsonArray a) {
      return a.size();
    }
    if (members instanceof JsonObject o) {
      return o.getInteger("count", -1);
    }
    return -1;
  }

  /**
   * How {@code /edge/cluster} on {@code node} lists the member {@code name}: "up", "suspect" (left the view, not yet
   * confirmed dead), "down" (confirmed dead, its channels moved), or null when it is not listed or {@code node}
   * does not answer.
   */
  public String stateOf(SiteNode node, String name) {
    JsonObject answer = get(node, "/edge/cluster");
    if (answer == null) {
      return null;
    }
    JsonObject site = answer.getJsonObject("data", answer);
    for (String list : new String[] {"members", "down"}) {
      JsonArray entries = site.getJsonArray(list, new JsonArray());
      for (int i = 0; i < entries.size(); i++) {
        JsonObject entry = entries.getJsonObject(i);
        if (name.equals(entry.getString("name"))) {
          return entry.getString("state");
        }
      }
    }
    return null;
  }

  /** Channel to the name of the node running its origin, as {@code /edge/cluster/channels} on {@code node} says. */
  public Map<StreamKey, String> origins(SiteNode node) {
    JsonObject answer = get(node, "/edge/cluster/channels");
    Map<StreamKey, String> origins = new LinkedHashMap<>();
    if (answer == null) {
      return origins;
    }
    JsonArray channels = answer.getValue("channels") instanceof JsonArray a ? a
        : answer.getValue("data") instanceof JsonArray d ? d
        : answer.getJsonObject("data", new JsonObject()).getJsonArray("channels", new JsonArray());
    for (int i = 0; i < channels.size(); i++) {
      JsonObject c = channels.getJsonObject(i);
      StreamKey key = c.containsKey("device_id") ? new StreamKey(c.getString("device_id"), c.getInteger("channel_id"))
          : StreamKey.parseDashed(c.getString("channel"));
      Object origin = c.getValue("origin");
      String name = origin instanceof JsonObject o ? o.getString("node") : (String) origin;
      if (name != null) {
        origins.put(key, name);
      }
    }
    return origins;
  }

  /** {@code play_address}'s {@code data} on {@code node} (protocol 0 RTMP, 1 HLS), null when it does not answer. */
  public JsonObject playAddress(SiteNode node, StreamKey key, int protocol) {
    JsonObject answer = get(node, "/ipc/video/play_address?device_id=" + key.deviceId() + "&channel_id="
        + key.channelId() + "&protocol_type=" + protocol);
    return answer == null ? null : answer.getJsonObject("data");
  }

  /** The JSON answer of a GET with the master key, null when the node answers nothing or not 200 in time. */
  JsonObject get(SiteNode node, String path) {
    Buffer body = body(http.get(node.httpPort, "127.0.0.1", path));
    return body == null ? null : body.toJsonObject();
  }

  /** The JSON answer of a POST without a body with the master key (the admin routes), as {@link #get}. */
  JsonObject post(SiteNode node, String path) {
    Buffer body = body(http.post(node.httpPort, "127.0.0.1", path));
    return body == null ? null : body.toJsonObject();
  }

  /**
   * The value of the Prometheus sample {@code series} (name and labels as {@code /edge/metrics} prints them, e.g.
   * {@code edge_cluster_stranded_uploads{node="node-2"}}) on {@code node}; NaN when it does not answer or has no
   * such sample.
   */
  public double metric(SiteNode node, String series) {
    Buffer body = body(http.get(node.httpPort, "127.0.0.1", "/edge/metrics"));
    if (body == null) {
      return Double.NaN;
    }
    for (String line : body.toString().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
      }
    }
    return Double.NaN;
  }

  /** The body of a request with the master key, null when the node answers nothing or not 200 in time. */
  private Buffer body(HttpRequest<Buffer> request) {
    try {
      HttpResponse<Buffer> answer = Await.result(request.putHeader("api-key", apiKey)
          .timeout(ANSWER_WITHIN.toMillis()).send().toCompletionStage(), ANSWER_WITHIN.plusSeconds(1));
      return answer.statusCode() == 200 ? answer.body() : null;
    } catch (RuntimeException | AssertionError e) { // refused, reset or timed out: no answer
      return null;
    }
  }
}
