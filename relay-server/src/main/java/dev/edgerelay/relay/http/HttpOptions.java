package dev.edgerelay.relay.http;

import dev.edgerelay.relay.options.Check;
import io.vertx.core.json.JsonObject;

/**
 * Bounds on what one HTTP request may make the node hold before a route sees it: the request line, the
 * headers, and the JSON bodies of the API routes. Past a bound the request is answered with the platform's
 * envelope and its status (414, 431, 413), and nothing more of it is buffered.
 */
public final class HttpOptions {
  /** Request line (method, URI with its query, version): the longest play URL with its token is under 1 KB. */
  public static final int DEFAULT_MAX_INITIAL_LINE_BYTES = 8 * 1024;
  /** All header lines together; a browser with a few cookies sends 2 to 4 KB. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
  /** JSON bodies (delete_video, rename_video): a hundred video ids at most. */
  public static final int DEFAULT_MAX_JSON_BODY_BYTES = 64 * 1024;
  /** Below this a request line with a play token, or a browser's headers, would be refused. */
  public static final int MIN_LIMIT_BYTES = 1024;
  /** Above this one request line or header block is a memory bound no longer. */
  public static final int MAX_LINE_OR_HEADER_BYTES = 64 * 1024;
  /** A JSON body is a list of ids or a name: a megabyte is far past any honest one. */
  public static final int MAX_JSON_BODY_BYTES = 1024 * 1024;

  private int maxInitialLineBytes = DEFAULT_MAX_INITIAL_LINE_BYTES;
  private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
  private int maxJsonBodyBytes = DEFAULT_MAX_JSON_BODY_BYTES;

  public HttpOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public HttpOptions(JsonObject json) {
    maxInitialLineBytes = json.getInteger("maxInitialLineBytes", maxInitialLineBytes);
    maxHeaderBytes = json.getInteger("maxHeaderBytes", maxHeaderBytes);
    maxJsonBodyBytes = json.getInteger("maxJsonBodyBytes", maxJsonBodyBytes);
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxInitialLineBytes", maxInitialLineBytes).put("maxHeaderBytes", maxHeaderBytes)
        .put("maxJsonBodyBytes", maxJsonBodyBytes);
  }

  /** Checks every field; the ConfigException names the field and its allowed range. */
  public HttpOptions validate() {
    Check.range("maxInitialLineBytes", maxInitialLineBytes, MIN_LIMIT_BYTES, MAX_LINE_OR_HEADER_BYTES);
    Check.range("maxHeaderBytes", maxHeaderBytes, MIN_LIMIT_BYTES, MAX_LINE_OR_HEADER_BYTES);
    Check.range("maxJsonBodyBytes", maxJsonBodyBytes, MIN_LIMIT_BYTES, MAX_JSON_BODY_BYTES);
    return this;
  }

  public int maxInitialLineBytes() {
    return maxInitialLineBytes;
  }

  public HttpOptions setMaxInitialLineBytes(int maxInitialLineBytes) {
    this.maxInitialLineBytes = maxInitialLineBytes;
    return this;
  }

  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  public HttpOptions setMaxHeaderBytes(int maxHeaderBytes) {
    this.maxHeaderBytes = maxHeaderBytes;
    return this;
  }

  public int maxJsonBodyBytes() {
    return maxJsonBodyBytes;
  }

  public HttpOptions setMaxJsonBodyBytes(int maxJsonBodyBytes) {
    this.maxJsonBodyBytes = maxJsonBodyBytes;
    return this;
  }
}
