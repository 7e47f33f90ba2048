package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds one {@link PlatformTransport.Request} for an {@link Endpoint}: the path with its segments
 * filled in, query parameters with their wire names (nulls left out), the key the endpoint's
 * {@link Endpoint.KeyRule} asks for, and the body.
 */
final class Call {
  private final PlatformTransport transport;
  private final Endpoint endpoint;
  private final String apiKey;
  private final Map<String, Object> query = new LinkedHashMap<>();
  private String url;
  private Buffer body;
  private String contentType;
  private ReadStream<Buffer> stream;
  private long streamLength;
  private long paceMillis;

  Call(PlatformTransport transport, Endpoint endpoint, String apiKey) {
    this.transport = transport;
    this.endpoint = endpoint;
    this.apiKey = endpoint.keyRule() == Endpoint.KeyRule.NONE ? null : apiKey;
    this.url = transport.options().baseUrl() + endpoint.path();
  }

  /** Fills {@code {name}} in the path with the URL-encoded value. */
  Call segment(String name, Object value) {
    url = url.replace("{" + name + "}", URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
    return this;
  }

  /** Sends to an absolute URL the platform handed out (HLS host, coveraddr, picture url). */
  Call at(String absoluteUrl) {
    url = absoluteUrl;
    return this;
  }

  Call param(String name, Object value) {
    if (value != null) {
      query.put(name, value);
    }
    return this;
  }

  Call params(Map<String, Object> values) {
    values.forEach(this::param);
    return this;
  }

  Call json(JsonObject json) {
    body = json.toBuffer();
    contentType = "application/json";
    return this;
  }

  Call body(Buffer bytes, String type) {
    body = bytes;
    contentType = type;
    return this;
  }

  /**
   * A body read once from {@code bytes} ({@code length} bytes in all, leaving over up to {@code paceMillis}):
   * for endpoints that are not retried.
   */
  Call stream(ReadStream<Buffer> bytes, long length, long paceMillis, String type) {
    stream = bytes;
    streamLength = length;
    this.paceMillis = paceMillis;
    contentType = type;
    return this;
  }

  PlatformTransport.Request request() {
    if (url.contains("{")) {
      throw new IllegalStateException(endpoint + ": unfilled path segment in " + url);
    }
    return new PlatformTransport.Request(endpoint, url, Collections.unmodifiableMap(new LinkedHashMap<>(query)), apiKey, body, contentType,
        stream, streamLength, paceMillis);
  }

  Future<JsonObject> envelope() {
    return transport.envelope(request());
  }

  /** The envelope's {@code data} object (devices, play_address, cmds, vod, pictures). */
  Future<JsonObject> data() {
    return envelope().map(json -> json.getJsonObject("data", new JsonObject()));
  }

  Future<Void> done() {
    return envelope().mapEmpty();
  }

  Future<Buffer> bytes() {
    return transport.bytes(request());
  }
}
