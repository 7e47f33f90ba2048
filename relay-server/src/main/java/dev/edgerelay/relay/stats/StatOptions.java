package dev.edgerelay.relay.stats;

import dev.edgerelay.relay.options.Check;
import io.vertx.core.json.JsonObject;

/**
 * The real-time lists (spec 13.1 getonlinelist, 13.2 getpushlist): how many viewers a node tracks, when an HLS
 * viewer counts as gone, and the page keys' lifetime and bounds.
 */
public final class StatOptions {
  /** Viewers (HLS sessions and RTMP players) one node tracks; beyond it new ones are counted, not listed. */
  public static final int DEFAULT_MAX_VIEWERS = 2_000;
  public static final int MAX_MAX_VIEWERS = 100_000;
  /**
   * An HLS viewer is a run of requests with one token from one address; one that asked nothing for this long left
   * (a player polls the playlist about every segment, 2 s by default).
   */
  public static final long DEFAULT_HLS_VIEWER_IDLE_MILLIS = 20_000;
  public static final long MIN_HLS_VIEWER_IDLE_MILLIS = 1_000;
  public static final long MAX_HLS_VIEWER_IDLE_MILLIS = 600_000;
  /** Spec 13.1: "paging data server caches for only 5 minutes". */
  public static final long DEFAULT_PAGE_KEY_MILLIS = 5 * 60_000L;
  public static final long MIN_PAGE_KEY_MILLIS = 1_000;
  public static final long MAX_PAGE_KEY_MILLIS = 60 * 60_000L;
  /** Page keys held at once; the oldest goes first beyond it. */
  public static final int DEFAULT_MAX_PAGE_KEYS = 200;
  /** Rows held under all page keys together (a few hundred bytes each); the oldest keys go first beyond it. */
  public static final int DEFAULT_MAX_PAGE_ROWS = 100_000;

  private int maxViewers = DEFAULT_MAX_VIEWERS;
  private long hlsViewerIdleMillis = DEFAULT_HLS_VIEWER_IDLE_MILLIS;
  private long pageKeyMillis = DEFAULT_PAGE_KEY_MILLIS;
  private int maxPageKeys = DEFAULT_MAX_PAGE_KEYS;
  private int maxPageRows = DEFAULT_MAX_PAGE_ROWS;

  public StatOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public StatOptions(JsonObject json) {
    maxViewers = json.getInteger("maxViewers", maxViewers);
    hlsViewerIdleMillis = json.getLong("hlsViewerIdleMillis", hlsViewerIdleMillis);
    pageKeyMillis = json.getLong("pageKeyMillis", pageKeyMillis);
    maxPageKeys = json.getInteger("maxPageKeys", maxPageKeys);
    maxPageRows = json.getInteger("maxPageRows", maxPageRows);
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxViewers", maxViewers).put("hlsViewerIdleMillis", hlsViewerIdleMillis)
        .put("pageKeyMillis", pageKeyMillis).put("maxPageKeys", maxPageKeys).put("maxPageRows", maxPageRows);
  }

  /** Checks every field; the ConfigException names the field and its allowed range. */
  public StatOptions validate() {
    Check.range("maxViewers", maxViewers, 1, MAX_MAX_VIEWERS);
    Check.range("hlsViewerIdleMillis", hlsViewerIdleMillis, MIN_HLS_VIEWER_IDLE_MILLIS, MAX_HLS_VIEWER_IDLE_MILLIS);
    Check.range("pageKeyMillis", pageKeyMillis, MIN_PAGE_KEY_MILLIS, MAX_PAGE_KEY_MILLIS);
    Check.range("maxPageKeys", maxPageKeys, 1, Integer.MAX_VALUE);
    Check.range("maxPageRows", maxPageRows, 1, Integer.MAX_VALUE);
    return this;
  }

  public int maxViewers() {
    return maxViewers;
  }

  public StatOptions setMaxViewers(int maxViewers) {
    this.maxViewers = maxViewers;
    return this;
  }

  public long hlsViewerIdleMillis() {
    return hlsViewerIdleMillis;
  }

  public StatOptions setHlsViewerIdleMillis(long hlsViewerIdleMillis) {
    this.hlsViewerIdleMillis = hlsViewerIdleMillis;
    return this;
  }

  public long pageKeyMillis() {
    return pageKeyMillis;
  }

  public StatOptions setPageKeyMillis(long pageKeyMillis) {
    this.pageKeyMillis = pageKeyMillis;
    return this;
  }

  public int maxPageKeys() {
    return maxPageKeys;
  }

  public StatOptions setMaxPageKeys(int maxPageKeys) {
    this.maxPageKeys = maxPageKeys;
    return this;
  }

  public int maxPageRows() {
    return maxPageRows;
  }

  public StatOptions setMaxPageRows(int maxPageRows) {
    this.maxPageRows = maxPageRows;
    return this;
  }
}
