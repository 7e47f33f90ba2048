package dev.edgerelay.relay.upload;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.outbox.OutboxOptions;
import dev.edgerelay.relay.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Upload settings (issue 7), read from the node's JSON keys {@code upload_*}; the command-line names are
 * those keys with '-' for '_'. Validated here with messages that name the option.
 */
public final class UploadOptions {
  private UploadPolicy policy = UploadPolicy.NONE;
  /** Per-channel policies: {@code dev-ch=all|none|on-request,...}. */
  private String channels = "";
  private int concurrency = OutboxOptions.DEFAULT_MAX_CONCURRENT;
  private long bytesPerSecond = OutboxOptions.DEFAULT_BYTES_PER_SECOND;
  private int maxItems = OutboxOptions.DEFAULT_MAX_ITEMS;
  private long backoffMs = OutboxOptions.DEFAULT_BACKOFF_BASE_MILLIS;
  private long backoffMaxMs = OutboxOptions.DEFAULT_BACKOFF_MAX_MILLIS;

  public UploadOptions() {}

  public UploadOptions(JsonObject json) {
    policy = UploadPolicy.parse("upload-policy", json.getString("upload_policy", policy.wireName()));
    channels = json.getString("upload_channels", channels);
    concurrency = (int) number(json, "upload_concurrency", concurrency);
    bytesPerSecond = number(json, "upload_bytes_per_second", bytesPerSecond);
    maxItems = (int) number(json, "upload_max_items", maxItems);
    backoffMs = number(json, "upload_backoff_ms", backoffMs);
    backoffMaxMs = number(json, "upload_backoff_max_ms", backoffMaxMs);
    outbox(); // validates now, at start, not at the first upload
    channelPolicies();
  }

  public JsonObject toJson() {
    return new JsonObject().put("upload_policy", policy.wireName()).put("upload_channels", channels)
        .put("upload_concurrency", concurrency).put("upload_bytes_per_second", bytesPerSecond)
        .put("upload_max_items", maxItems).put("upload_backoff_ms", backoffMs).put("upload_backoff_max_ms", backoffMaxMs);
  }

  /** The policy of channels not named in {@code upload_channels}. */
  public UploadPolicy policy() {
    return policy;
  }

  public Map<ChannelRef, UploadPolicy> channelPolicies() {
    Map<ChannelRef, UploadPolicy> out = new HashMap<>();
    for (String item : channels.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      int eq = item.indexOf('=');
      int dash = item.lastIndexOf('-', eq < 0 ? item.length() : eq);
      if (eq < 0 || dash <= 0) {
        throw new ConfigException("--upload-channels takes device_id-channel_id=none|all|on-request[,...], got '"
            + item.trim() + "'");
      }
      try {
        ChannelRef c = new ChannelRef(item.substring(0, dash).trim(), Integer.parseInt(item.substring(dash + 1, eq).trim()));
        out.put(c, UploadPolicy.parse("upload-channels", item.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--upload-channels: bad channel in '" + item.trim() + "': " + e.getMessage());
      }
    }
    return out;
  }

  public OutboxOptions outbox() {
    try {
      return new OutboxOptions(concurrency, bytesPerSecond, maxItems, backoffMs, backoffMaxMs,
          OutboxOptions.DEFAULT_KEEP_DONE);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("upload options: " + e.getMessage());
    }
  }

  private static long number(JsonObject json, String key, long fallback) {
    Object v = json.getValue(key);
    if (v == null) {
      return fallback;
    }
    try {
      return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("--" + key.replace('_', '-') + " must be a whole number, got '" + v + "'");
    }
  }
}
