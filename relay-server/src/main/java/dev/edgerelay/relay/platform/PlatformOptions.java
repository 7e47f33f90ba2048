package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.options.Check;
import dev.edgerelay.relay.options.ConfigException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * How the node reaches the OneNET video platform. The base URL is everything before the spec's
 * paths ({@code /devices}, {@code /ipc/video/...}); it differs between platform revisions
 * (API-NOTES "Envelope, auth, host"), so it is never hard-coded.
 */
public final class PlatformOptions {
  public static final String DEFAULT_BASE_URL = "http://api.video.heclouds.com";
  public static final String DEFAULT_API_KEY = null;
  public static final String DEFAULT_PRODUCT_ID = null;
  /** A LAN or WAN connect rarely takes longer; beyond this the host is considered unreachable. */
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;
  /** cmds with qos=1 waits for the device's reply on the platform side, so leave it room. */
  public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;
  /** Attempts of an idempotent GET including the first; 1 disables retries. */
  public static final int DEFAULT_RETRY_ATTEMPTS = 3;
  public static final long DEFAULT_RETRY_INITIAL_BACKOFF_MILLIS = 200;
  public static final long DEFAULT_RETRY_MAX_BACKOFF_MILLIS = 5_000;
  /** Pages a walk over a paged endpoint may read before it stops with an error (runaway guard). */
  public static final int DEFAULT_MAX_WALK_PAGES = 1_000;

  /** Connections to one platform host; the platform is a remote API, a handful carries the node's calls. */
  public static final int DEFAULT_MAX_CONNECTIONS = 8;
  /** Requests waiting for a connection; beyond this a call fails at once instead of piling up in memory. */
  public static final int DEFAULT_MAX_WAITING_REQUESTS = 1_000;

  public static final long MAX_TIMEOUT_MILLIS = 600_000;
  public static final int MAX_CONNECTIONS = 256;
  public static final int MAX_WAITING_REQUESTS = 100_000;
  public static final int MAX_RETRY_ATTEMPTS = 10;
  public static final long MAX_BACKOFF_MILLIS = 60_000;
  public static final int MAX_WALK_PAGES = 100_000;

  private String baseUrl = DEFAULT_BASE_URL;
  private String apiKey = DEFAULT_API_KEY;
  private String productId = DEFAULT_PRODUCT_ID;
  private long connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MILLIS;
  private long requestTimeoutMillis = DEFAULT_REQUEST_TIMEOUT_MILLIS;
  private int retryAttempts = DEFAULT_RETRY_ATTEMPTS;
  private long retryInitialBackoffMillis = DEFAULT_RETRY_INITIAL_BACKOFF_MILLIS;
  private long retryMaxBackoffMillis = DEFAULT_RETRY_MAX_BACKOFF_MILLIS;
  private int maxWalkPages = DEFAULT_MAX_WALK_PAGES;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;
  private int maxWaitingRequests = DEFAULT_MAX_WAITING_REQUESTS;

  public PlatformOptions() {}

  public PlatformOptions(PlatformOptions other) {
    this(other.toJson());
  }

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public PlatformOptions(JsonObject json) {
    baseUrl = json.getString("baseUrl", baseUrl);
    apiKey = json.getString("apiKey", apiKey);
    productId = json.getString("productId", productId);
    connectTimeoutMillis = json.getLong("connectTimeoutMillis", connectTimeoutMillis);
    requestTimeoutMillis = json.getLong("requestTimeoutMillis", requestTimeoutMillis);
    retryAttempts = json.getInteger("retryAttempts", retryAttempts);
    retryInitialBackoffMillis = json.getLong("retryInitialBackoffMillis", retryInitialBackoffMillis);
    retryMaxBackoffMillis = json.getLong("retryMaxBackoffMillis", retryMaxBackoffMillis);
    maxWalkPages = json.getInteger("maxWalkPages", maxWalkPages);
    maxConnections = json.getInteger("maxConnections", maxConnections);
    maxWaitingRequests = json.getInteger("maxWaitingRequests", maxWaitingRequests);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("baseUrl", baseUrl)
        .put("connectTimeoutMillis", connectTimeoutMillis)
        .put("requestTimeoutMillis", requestTimeoutMillis)
        .put("retryAttempts", retryAttempts)
        .put("retryInitialBackoffMillis", retryInitialBackoffMillis)
        .put("retryMaxBackoffMillis", retryMaxBackoffMillis)
        .put("maxWalkPages", maxWalkPages)
        .put("maxConnections", maxConnections)
        .put("maxWaitingRequests", maxWaitingRequests);
    if (apiKey != null) {
      json.put("apiKey", apiKey);
    }
    if (productId != null) {
      json.put("productId", productId);
    }
    return json;
  }

  /**
   * Checks every field.
   *
   * @return this, for chaining
   * @throws ConfigException naming the first invalid field and its allowed values
   */
  public PlatformOptions validate() {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new ConfigException("baseUrl", "must be an http or https URL, got none");
    }
    try {
      URI uri = new URI(baseUrl);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getQuery() != null) {
        throw new ConfigException("baseUrl", "must be an http or https URL with a host and no query, got '" + baseUrl + "'");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException("baseUrl", "is not a URL: '" + baseUrl + "' (" + e.getReason() + ")", e);
    }
    if (apiKey != null) {
      Check.text("apiKey", apiKey);
    }
    Check.range("connectTimeoutMillis", connectTimeoutMillis, 1, MAX_TIMEOUT_MILLIS);
    Check.range("requestTimeoutMillis", requestTimeoutMillis, 1, MAX_TIMEOUT_MILLIS);
    Check.range("retryAttempts", retryAttempts, 1, MAX_RETRY_ATTEMPTS);
    Check.range("retryInitialBackoffMillis", retryInitialBackoffMillis, 1, MAX_BACKOFF_MILLIS);
    Check.range("retryMaxBackoffMillis", retryMaxBackoffMillis, retryInitialBackoffMillis, MAX_BACKOFF_MILLIS);
    Check.range("maxWalkPages", maxWalkPages, 1, MAX_WALK_PAGES);
    Check.range("maxConnections", maxConnections, 1, MAX_CONNECTIONS);
    Check.range("maxWaitingRequests", maxWaitingRequests, 1, MAX_WAITING_REQUESTS);
    return this;
  }

  /** Base URL without a trailing slash, so that spec paths can be appended. */
  public String baseUrl() {
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public PlatformOptions setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
    return this;
  }

  /** The master (product) key: sent on every call that takes a key unless a call overrides it. */
  public String apiKey() {
    return apiKey;
  }

  public PlatformOptions setApiKey(String apiKey) {
    this.apiKey = apiKey;
    return this;
  }

  /** Product id for the product-scoped routes (trans_encrypt, record_video, stat, closecamera, file). */
  public String productId() {
    return productId;
  }

  public PlatformOptions setProductId(String productId) {
    this.productId = productId;
    return this;
  }

  public long connectTimeoutMillis() {
    return connectTimeoutMillis;
  }

  public PlatformOptions setConnectTimeoutMillis(long connectTimeoutMillis) {
    this.connectTimeoutMillis = connectTimeoutMillis;
    return this;
  }

  /** Whole-request limit: from sending to the last byte of the answer. */
  public long requestTimeoutMillis() {
    return requestTimeoutMillis;
  }

  public PlatformOptions setRequestTimeoutMillis(long requestTimeoutMillis) {
    this.requestTimeoutMillis = requestTimeoutMillis;
    return this;
  }

  public int retryAttempts() {
    return retryAttempts;
  }

  public PlatformOptions setRetryAttempts(int retryAttempts) {
    this.retryAttempts = retryAttempts;
    return this;
  }

  /** Pause before the second attempt; it doubles per attempt up to {@link #retryMaxBackoffMillis()}. */
  public long retryInitialBackoffMillis() {
    return retryInitialBackoffMillis;
  }

  public PlatformOptions setRetryInitialBackoffMillis(long retryInitialBackoffMillis) {
    this.retryInitialBackoffMillis = retryInitialBackoffMillis;
    return this;
  }

  public long retryMaxBackoffMillis() {
    return retryMaxBackoffMillis;
  }

  public PlatformOptions setRetryMaxBackoffMillis(long retryMaxBackoffMillis) {
    this.retryMaxBackoffMillis = retryMaxBackoffMillis;
    return this;
  }

  public int maxWalkPages() {
    return maxWalkPages;
  }

  public PlatformOptions setMaxWalkPages(int maxWalkPages) {
    this.maxWalkPages = maxWalkPages;
    return this;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public PlatformOptions setMaxConnections(int maxConnections) {
    this.maxConnections = maxConnections;
    return this;
  }

  public int maxWaitingRequests() {
    return maxWaitingRequests;
  }

  public PlatformOptions setMaxWaitingRequests(int maxWaitingRequests) {
    this.maxWaitingRequests = maxWaitingRequests;
    return this;
  }

  @Override
  public String toString() {
    JsonObject json = toJson();
    if (apiKey != null) {
      json.put("apiKey", "***");
    }
    return "PlatformOptions" + json.encode();
  }
}
