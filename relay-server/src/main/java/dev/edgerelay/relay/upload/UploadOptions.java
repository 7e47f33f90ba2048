package dev.edgerelay.relay.upload;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.outbox.OutboxOptions;
import dev.edgerelay.relay.options.Check;
import dev.edgerelay.relay.options.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Upload settings: what channels upload and the outbox's bounds. The defaults of the bounds are the
 * outbox's own ({@link OutboxOptions}); {@link #outbox()} hands them to it.
 */
public final class UploadOptions {
  /** Nothing uploads unless asked for: the uplink is the platform's and the customer's. */
  public static final UploadPolicy DEFAULT_POLICY = UploadPolicy.NONE;
  /** No channel has a policy of its own unless named. */
  public static final String DEFAULT_CHANNELS = "";

  private UploadPolicy policy = DEFAULT_POLICY;
  /** Per-channel policies: {@code dev-ch=all|none|on-request,...}. */
  private String channels = DEFAULT_CHANNELS;
  private int concurrency = OutboxOptions.DEFAULT_MAX_CONCURRENT;
  private long bytesPerSecond = OutboxOptions.DEFAULT_BYTES_PER_SECOND;
  private int maxItems = OutboxOptions.DEFAULT_MAX_ITEMS;
  private long backoffMs = OutboxOptions.DEFAULT_BACKOFF_BASE_MILLIS;
  private long backoffMaxMs = OutboxOptions.DEFAULT_BACKOFF_MAX_MILLIS;
  private long unknownGraceMs = OutboxOptions.DEFAULT_UNKNOWN_OUTCOME_GRACE_MILLIS;

  public UploadOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public UploadOptions(JsonObject json) {
    policy = UploadPolicy.parse("policy", json.getString("policy", policy.wireName()));
    channels = json.getString("channels", channels);
    concurrency = json.getInteger("concurrency", concurrency);
    bytesPerSecond = json.getLong("bytesPerSecond", bytesPerSecond);
    maxItems = json.getInteger("maxItems", maxItems);
    backoffMs = json.getLong("backoffMs", backoffMs);
    backoffMaxMs = json.getLong("backoffMaxMs", backoffMaxMs);
    unknownGraceMs = json.getLong("unknownGraceMs", unknownGraceMs);
  }

  public JsonObject toJson() {
    return new JsonObject().put("policy", policy.wireName()).put("channels", channels).put("concurrency", concurrency)
        .put("bytesPerSecond", bytesPerSecond).put("maxItems", maxItems).put("backoffMs", backoffMs)
        .put("backoffMaxMs", backoffMaxMs).put("unknownGraceMs", unknownGraceMs);
  }

  /** Checks every field; the ConfigException names the field and its allowed values. */
  public UploadOptions validate() {
    Check.range("concurrency", concurrency, 1, OutboxOptions.MAX_CONCURRENT);
    Check.range("bytesPerSecond", bytesPerSecond, 0, Long.MAX_VALUE);
    Check.range("maxItems", maxItems, 1, Integer.MAX_VALUE);
    Check.range("backoffMs", backoffMs, 1, Long.MAX_VALUE);
    Check.range("backoffMaxMs", backoffMaxMs, backoffMs, Long.MAX_VALUE);
    Check.range("unknownGraceMs", unknownGraceMs, 0, Long.MAX_VALUE);
    channelPolicies();
    return this;
  }

  /** The policy of channels not named in {@code channels}. */
  public UploadPolicy policy() {
    return policy;
  }

  public UploadOptions setPolicy(UploadPolicy policy) {
    this.policy = policy;
    return this;
  }

  /** {@code dev-ch=none|all|on-request,...}: channels with a policy of their own. */
  public UploadOptions setChannels(String channels) {
    this.channels = channels;
    return this;
  }

  public UploadOptions setConcurrency(int concurrency) {
    this.concurrency = concurrency;
    return this;
  }

  public UploadOptions setBytesPerSecond(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
    return this;
  }

  public UploadOptions setMaxItems(int maxItems) {
    this.maxItems = maxItems;
    return this;
  }

  /** First retry delay of a failed upload, doubled per attempt up to {@link #setBackoffMaxMs(long)}. */
  public UploadOptions setBackoffMs(long backoffMs) {
    this.backoffMs = backoffMs;
    return this;
  }

  public UploadOptions setBackoffMaxMs(long backoffMaxMs) {
    this.backoffMaxMs = backoffMaxMs;
    return this;
  }

  public UploadOptions setUnknownGraceMs(long unknownGraceMs) {
    this.unknownGraceMs = unknownGraceMs;
    return this;
  }

  public Map<ChannelRef, UploadPolicy> channelPolicies() {
    Map<ChannelRef, UploadPolicy> out = new HashMap<>();
    for (String item : channels.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      int eq = item.indexOf('=');
      if (eq < 0) {
        throw new ConfigException("channels", "takes device_id-channel_id=none|all|on-request[,...], got '"
            + item.trim() + "'");
      }
      out.put(Check.channel("channels", item.substring(0, eq)), UploadPolicy.parse("channels", item.substring(eq + 1)));
    }
    return out;
  }

  /** The outbox's bounds these settings give. */
  public OutboxOptions outbox() {
    return new OutboxOptions(concurrency, bytesPerSecond, maxItems, backoffMs, backoffMaxMs,
        OutboxOptions.DEFAULT_KEEP_DONE, unknownGraceMs);
  }
}
