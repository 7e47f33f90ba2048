package dev.edgerelay.relay.metrics;

import dev.edgerelay.relay.options.Check;
import dev.edgerelay.relay.options.ConfigException;
import io.vertx.core.json.JsonObject;

/** {@code GET /edge/metrics} (docs/metrics.md): the scrape key and the bounds of the per-channel series. */
public final class MetricsOptions {
  /** No scrape key: only the master key reads the metrics. */
  public static final String DEFAULT_SCRAPE_KEY = "";
  /** Channels with series of their own; past it a channel counts in the node's totals only. */
  public static final int DEFAULT_MAX_CHANNELS = 256;
  public static final int MAX_MAX_CHANNELS = 10_000;
  /** HLS viewer tokens remembered per channel: more viewers than this on one channel are not counted. */
  public static final int DEFAULT_MAX_HLS_VIEWERS = 1_000;
  public static final int MAX_MAX_HLS_VIEWERS = 100_000;
  /** An HLS viewer that fetched nothing this long is gone: a player fetches its playlist about once per segment. */
  public static final long DEFAULT_HLS_VIEWER_WINDOW_MILLIS = 30_000;
  public static final long MIN_HLS_VIEWER_WINDOW_MILLIS = 1_000;
  public static final long MAX_HLS_VIEWER_WINDOW_MILLIS = 600_000;

  private String scrapeKey = DEFAULT_SCRAPE_KEY;
  private int maxChannels = DEFAULT_MAX_CHANNELS;
  private int maxHlsViewers = DEFAULT_MAX_HLS_VIEWERS;
  private long hlsViewerWindowMillis = DEFAULT_HLS_VIEWER_WINDOW_MILLIS;

  public MetricsOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public MetricsOptions(JsonObject json) {
    scrapeKey = json.getString("scrapeKey", scrapeKey);
    maxChannels = json.getInteger("maxChannels", maxChannels);
    maxHlsViewers = json.getInteger("maxHlsViewers", maxHlsViewers);
    hlsViewerWindowMillis = json.getLong("hlsViewerWindowMillis", hlsViewerWindowMillis);
  }

  public JsonObject toJson() {
    return new JsonObject().put("scrapeKey", scrapeKey).put("maxChannels", maxChannels)
        .put("maxHlsViewers", maxHlsViewers).put("hlsViewerWindowMillis", hlsViewerWindowMillis);
  }

  /**
   * Checks every field; the ConfigException names the field and its allowed range. {@code masterKey} is the
   * platform's: a scrape key equal to it would put the master key in the scraper's configuration after all.
   */
  public MetricsOptions validate(String masterKey) {
    Check.range("maxChannels", maxChannels, 0, MAX_MAX_CHANNELS);
    Check.range("maxHlsViewers", maxHlsViewers, 0, MAX_MAX_HLS_VIEWERS);
    Check.range("hlsViewerWindowMillis", hlsViewerWindowMillis, MIN_HLS_VIEWER_WINDOW_MILLIS,
        MAX_HLS_VIEWER_WINDOW_MILLIS);
    if (scrapeKey == null) {
      throw new ConfigException("scrapeKey", "must be a text, empty for none");
    }
    if (!scrapeKey.isEmpty() && scrapeKey.equals(masterKey)) {
      throw new ConfigException("scrapeKey", "must differ from the master key (--api-key): the scrape key only reads"
          + " /edge/metrics, give it a value of its own");
    }
    return this;
  }

  /** The key that reads {@code GET /edge/metrics} and nothing else; empty: none. */
  public String scrapeKey() {
    return scrapeKey;
  }

  public MetricsOptions setScrapeKey(String scrapeKey) {
    this.scrapeKey = scrapeKey;
    return this;
  }

  public int maxChannels() {
    return maxChannels;
  }

  public MetricsOptions setMaxChannels(int maxChannels) {
    this.maxChannels = maxChannels;
    return this;
  }

  public int maxHlsViewers() {
    return maxHlsViewers;
  }

  public MetricsOptions setMaxHlsViewers(int maxHlsViewers) {
    this.maxHlsViewers = maxHlsViewers;
    return this;
  }

  public long hlsViewerWindowMillis() {
    return hlsViewerWindowMillis;
  }

  public MetricsOptions setHlsViewerWindowMillis(long hlsViewerWindowMillis) {
    this.hlsViewerWindowMillis = hlsViewerWindowMillis;
    return this;
  }
}
