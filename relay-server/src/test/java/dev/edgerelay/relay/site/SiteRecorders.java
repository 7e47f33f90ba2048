package dev.edgerelay.relay.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who records and who relays what on a {@link Site}, as each running node's {@code /edge/channels} says: a channel
 * is recorded on a node when its {@code recording} is set, and fed by a relay when its {@code source} is one
 * (docs/architecture.md, "Cluster: live path" and "Cluster: recording").
 */
final class SiteRecorders {
  /** How long a failover, a return or a handoff may take to give one recorder per channel. */
  static final Duration SETTLE_WITHIN = Duration.ofSeconds(60);
  /** A steady state, not a moment: a second recorder starting late shows within it. */
  static final Duration STEADY_FOR = Duration.ofSeconds(2);

  private final Site site;

  SiteRecorders(Site site) {
    this.site = site;
  }

  /**
   * The command line a recording site's nodes share: 2 s live and recorded segments (one GOP each, so times on disk
   * are fine-grained), no join grace, and the loopback profile's fast heartbeat timeout.
   */
  static List<String> nodeArgs(int recordSegmentMs, long heartbeatTimeoutMs, String... more) {
    List<String> args = new ArrayList<>(List.of("--hls-segment-ms", "2000",
        "--record-segment-ms", String.valueOf(recordSegmentMs), "--cluster-join-grace-ms", "0",
        "--cluster-heartbeat-timeout-ms", String.valueOf(heartbeatTimeoutMs)));
    args.addAll(List.of(more));
    return args;
  }

  /** record_video on (spec 12) for each of {@code channels}, asked on the first node: the cluster-wide intent. */
  void recordAll(List<StreamKey> channels) {
    intent(channels, true);
  }

  /** record_video off for each of {@code channels}, asked on the first node. */
  void stopAll(List<StreamKey> channels) {
    intent(channels, false);
  }

  private void intent(List<StreamKey> channels, boolean record) {
    for (StreamKey k : channels) {
      JsonObject answer = site.probe.get(site.nodes.get(0), "/ipc/video/record/record_video?device_id="
          + k.deviceId() + "&channel_id=" + k.channelId() + "&action=" + (record ? 1 : 0));
      assertThat(answer).as("record_video of " + k).isNotNull();
      assertThat(answer.getInteger("errno")).as("record_video of " + k + ": " + answer).isZero();
    }
  }

  /**
   * Waits until every running node agrees that each recorded channel has exactly one recorder, still so
   * {@link #STEADY_FOR} later, and returns channel to recorder.
   */
  Map<StreamKey, String> awaitOneEach(List<StreamKey> recorded, String when) throws InterruptedException {
    Eventually.until("one recorder per recorded channel " + when, SETTLE_WITHIN,
        () -> oneEach(recorders(recorded), recorded));
    Eventually.holds("one recorder per recorded channel for " + STEADY_FOR.toSeconds() + " s " + when, STEADY_FOR,
        Duration.ofMillis(250), () -> oneEach(recorders(recorded), recorded));
    Map<StreamKey, String> out = new LinkedHashMap<>();
    recorders(recorded).forEach((k, nodes) -> out.put(k, nodes.get(0)));
    return out;
  }

  static boolean oneEach(Map<StreamKey, List<String>> recorders, List<StreamKey> recorded) {
    return recorded.stream().allMatch(k -> recorders.getOrDefault(k, List.of()).size() == 1);
  }

  /** Channel to the running nodes whose {@code /edge/channels} shows it recording; empty when one does not answer. */
  Map<StreamKey, List<String>> recorders(List<StreamKey> recorded) {
    Map<StreamKey, List<String>> out = new LinkedHashMap<>();
    Map<SiteNode, JsonArray> views = channelViews();
    if (views == null) {
      return Map.of(); // one node's view missing: not settled
    }
    views.forEach((node, channels) -> {
      for (int i = 0; i < channels.size(); i++) {
        JsonObject c = channels.getJsonObject(i);
        StreamKey key = key(c);
        if (recorded.contains(key) && c.getJsonObject("recording") != null) {
          out.computeIfAbsent(key, x -> new ArrayList<>()).add(node.name);
        }
      }
    });
    return out;
  }

  /**
   * Each running node's channels fed by a relay from another node, as "node/dev-ch"; null when a node does not
   * answer.
   */
  List<String> relayed() {
    Map<SiteNode, JsonArray> views = channelViews();
    if (views == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    views.forEach((node, channels) -> {
      for (int i = 0; i < channels.size(); i++) {
        JsonObject c = channels.getJsonObject(i);
        String source = c.getString("source");
        if (source != null && source.startsWith("relay ")) {
          out.add(node.name + "/" + key(c).rtmpName());
        }
      }
    });
    return out;
  }

  private Map<SiteNode, JsonArray> channelViews() {
    Map<SiteNode, JsonArray> out = new LinkedHashMap<>();
    for (SiteNode node : site.nodes.stream().filter(SiteNode::alive).toList()) {
      JsonObject answer = site.probe.get(node, "/edge/channels");
      if (answer == null) {
        return null;
      }
      out.put(node, answer.getJsonArray("data"));
    }
    return out;
  }

  private static StreamKey key(JsonObject channel) {
    return new StreamKey(channel.getString("device_id"), channel.getInteger("channel_id"));
  }
}
