package dev.edgerelay.relay;

import dev.edgerelay.relay.config.NodeOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short digest of the settings every node of a site must share (docs/architecture.md, "Cluster"): the platform
 * and its key, the product, the live and recorded segment lengths, the upload policy and the cluster's own rules.
 * Each node publishes it in its {@code edge.nodes} record; {@code /edge/cluster} flags a node whose digest differs.
 * The key enters only through the digest, never as text.
 */
final class ConfigHash {
  /** Twelve hex digits: enough to tell two settings apart at a glance, short enough to read. */
  private static final int HEX_DIGITS = 12;

  private ConfigHash() {}

  static String of(NodeOptions options) {
    JsonObject shared = new JsonObject()
        .put("platform", options.embeddedPlatform() ? "embedded" : options.platformUrl())
        .put("apiKey", options.platform().apiKey())
        .put("productId", options.platform().productId())
        .put("hlsSegmentMillis", options.hls().segmentMillis())
        .put("hlsWindow", options.hls().window())
        .put("recordSegmentMs", options.recorder().segmentMs())
        .put("uploadPolicy", options.upload().policy().wireName())
        .put("cluster", options.cluster().name())
        .put("heartbeatTimeoutMs", options.cluster().heartbeatTimeoutMs())
        .put("joinGraceMs", options.cluster().joinGraceMs())
        .put("rebalance", options.cluster().rebalance().wireName())
        .put("foreignLive", options.cluster().foreignLive().wireName())
        .put("playAddress", options.cluster().playAddress().wireName());
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(shared.encode().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
