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
 * Which node of a {@link Site} records each channel, as every running node's {@code /edge/channels} says (a channel
 * is recorded there when its entry has {@code recording}), and the cluster-wide recording intent set through
 * record_video (spec 12).
 */
final class Recorders {
  /** How long a failover or a return may take to give one recorder per channel and segments on disk. */
  static final Duration SETTLE_WITHIN = Duration.ofSeconds(60);

  private Recorders() {}

  /** record_video (spec 12) with {@code action} 1 or 0 for each of {@code channels}, asked of {@code on}. */
  static void record(Site site, SiteNode on, List<StreamKey> channels, boolean record) {
    for (StreamKey k : channels) {
      JsonObject answer = site.probe.get(on, "/ipc/video/record/record_video?device_id=" + k.deviceId()
          + "&channel_id=" + k.channelId() + "&action=" + (record ? 1 : 0));
      assertThat(answer).as("record_video of " + k + " on " + on.name).isNotNull();
      assertThat(answer.getInteger("errno")).as("record_video of " + k + ": " + answer).isZero();
    }
  }

  /**
   * Waits until every running node agrees that each recorded channel has exactly one recorder, still so 2 s later,
   * and returns channel to recorder.
   */
  static Map<StreamKey, String> awaitOnePerChannel(Site site, List<StreamKey> recorded, String when) {
    Eventually.until("one recorder per recorded channel " + when, SETTLE_WITHIN,
        () -> oneEach(of(site, recorded), recorded));
    // a steady state, not a moment: a second recorder starting late would show within it
    Eventually.holds("one recorder per recorded channel for 2 s " + when, Duration.ofSeconds(2),
        Duration.ofMillis(250), () -> oneEach(of(site, recorded), recorded));
    Map<StreamKey, List<String>> now = of(site, recorded);
    Map<StreamKey, String> out = new LinkedHashMap<>();
    now.forEach((k, nodes) -> out.put(k, nodes.get(0)));
    return out;
  }

  static boolean oneEach(Map<StreamKey, List<String>> recorders, List<StreamKey> recorded) {
    return recorded.stream().allMatch(k -> recorders.getOrDefault(k, List.of()).size() == 1);
  }

  /**
   * Channel to the running nodes whose {@code /edge/channels} shows it recording; empty when a running node does
   * not answer (one node's view missing: nothing can be said to have settled).
   */
  static Map<StreamKey, List<String>> of(Site site, List<StreamKey> recorded) {
    Map<StreamKey, List<String>> out = new LinkedHashMap<>();
    for (SiteNode node : site.nodes.stream().filter(SiteNode::alive).toList()) {
      JsonObject answer = site.probe.get(node, "/edge/channels");
      if (answer == null) {
        return Map.of();
      }
      JsonArray channels = answer.getJsonArray("data");
      for (int i = 0; i < channels.size(); i++) {
        JsonObject c = channels.getJsonObject(i);
        StreamKey key = new StreamKey(c.getString("device_id"), c.getInteger("channel_id"));
        if (recorded.contains(key) && c.getJsonObject("recording") != null) {
          out.computeIfAbsent(key, x -> new ArrayList<>()).add(node.name);
        }
      }
    }
    return out;
  }
}
