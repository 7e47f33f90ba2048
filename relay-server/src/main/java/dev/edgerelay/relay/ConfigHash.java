package dev.edgerelay.relay;

import dev.edgerelay.relay.cluster.ConfigDigest;
import dev.edgerelay.relay.config.NodeOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Short digests of the settings every node of a site must share (docs/architecture.md, "Cluster"), one per section
 * so {@code /edge/cluster} can name the section that differs: {@code platform} (the platform and its key, the
 * product), {@code live} (live segment length and window), {@code recorder} (segment length, video gap, which
 * channels record, retention by age: a channel's recordings move between nodes), {@code upload} (the policy and
 * the per-channel policies: a channel's uploads move with it) and {@code cluster} (the site's own rules). Settings
 * that fit a node's own disk, link or CPU (quotas, free space, pacing, concurrency, threads, buffers) may differ
 * and are left out. Each node publishes them in its {@code edge.nodes} record. The key enters only through the
 * digest, never as text.
 */
final class ConfigHash {
  /** Twelve hex digits: enough to tell two settings apart at a glance, short enough to read. */
  private static final int HEX_DIGITS = 12;

  private ConfigHash() {}

  /** The digest over every section. */
  static String of(NodeOptions options) {
    return digest(options).hash();
  }

  static ConfigDigest digest(NodeOptions options) {
    JsonObject recorder = options.recorder().toJson();
    JsonObject upload = options.upload().toJson();
    Map<String, JsonObject> shared = new LinkedHashMap<>();
    shared.put("platform", new JsonObject()
        .put("platform", options.embeddedPlatform() ? "embedded" : options.platformUrl())
        .put("apiKey", options.platform().apiKey())
        .put("productId", options.platform().productId()));
    shared.put("live", new JsonObject()
        .put("hlsSegmentMillis", options.hls().segmentMillis())
        .put("hlsWindow", options.hls().window()));
    shared.put("recorder", pick(recorder, "segmentMs", "videoGapMs", "channels", "maxAgeHours", "channelMaxAge"));
    shared.put("upload", pick(upload, "policy", "channels"));
    shared.put("cluster", new JsonObject()
        .put("cluster", options.cluster().name())
        .put("heartbeatTimeoutMs", options.cluster().heartbeatTimeoutMs())
        .put("joinGraceMs", options.cluster().joinGraceMs())
        .put("rebalance", options.cluster().rebalance().wireName())
        .put("foreignLive", options.cluster().foreignLive().wireName())
        .put("playAddress", options.cluster().playAddress().wireName()));
    Map<String, String> sections = new LinkedHashMap<>();
    shared.forEach((section, settings) -> sections.put(section, hex(settings.encode())));
    return new ConfigDigest(hex(new JsonObject(new LinkedHashMap<>(sections)).encode()), sections);
  }

  private static JsonObject pick(JsonObject all, String... keys) {
    JsonObject out = new JsonObject();
    for (String key : keys) {
      out.put(key, all.getValue(key));
    }
    return out;
  }

  private static String hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
