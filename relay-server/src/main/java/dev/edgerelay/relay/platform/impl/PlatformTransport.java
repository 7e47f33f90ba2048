package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.PlatformException;
import dev.edgerelay.relay.platform.PlatformOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one platform request and turns the answer into JSON or bytes, or a {@link PlatformException}.
 * Retries only endpoints marked {@link Endpoint#retryable()} (idempotent GETs), only on transport
 * failures and 5xx, with exponential backoff bounded by the options; everything else fails at once.
 */
public final class PlatformTransport {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformTransport.class);
  /** The header name as the platform's own clients send it (API-NOTES "Envelope, auth, host"). */
  public static final String API_KEY_HEADER = "api-key";

  private final Vertx vertx;
  private final WebClient web;
  private final PlatformOptions options;

  public PlatformTransport(Vertx vertx, PlatformOptions options) {
    this.vertx = vertx;
    this.options = new PlatformOptions(options).validate();
    this.web = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) this.options.connectTimeoutMillis())
        .setUserAgent("edge-relay")
        .setFollowRedirects(false),
        new PoolOptions().setHttp1MaxSize(this.options.maxConnections())
            .setMaxWaitQueueSize(this.options.maxWaitingRequests()));
  }

  public PlatformOptions options() {
    return options;
  }

  public void close() {
    web.close();
  }

  /**
   * One request, described completely, so that it can be sent again on a retry; except a {@code stream} body
   * (uploads paced by the outbox, {@code streamLength} bytes, leaving over up to {@code paceMillis} that the
   * request timeout is extended by), which is read once: its endpoints are not retried.
   */
  public record Request(Endpoint endpoint, String url, Map<String, Object> query, String apiKey, Buffer body,
      String contentType, ReadStream<Buffer> stream, long streamLength, long paceMillis) {}

  /** Sends and reads the envelope; fails unless {@code errno} is the endpoint's success code. */
  public Future<JsonObject> envelope(Request request) {
    return exchange(request).map(response -> checkedEnvelope(request.endpoint(), response.statusCode(), response.body()));
  }

  /** Sends and returns the body of a 2xx answer (images, downloads); an error answer becomes an exception. */
  public Future<Buffer> bytes(Request request) {
    return exchange(request).map(response -> {
      int status = response.statusCode();
      if (status / 100 == 2) {
        return response.body() == null ? Buffer.buffer() : response.body();
      }
      throw errorOf(request.endpoint(), status, response.body(), response.statusMessage());
    });
  }

  /**
   * Reads an envelope. Object storage (spec 15) reports failures by HTTP status and errno together;
   * other endpoints answer HTTP 200 with a non-zero errno. Both end here.
   */
  static JsonObject checkedEnvelope(Endpoint endpoint, int status, Buffer body) {
    JsonObject json = parse(body);
    if (json == null || !json.containsKey("errno")) {
      if (status / 100 != 2) {
        throw errorOf(endpoint, status, body, "HTTP " + status);
      }
      throw new PlatformException(endpoint, PlatformException.ERRNO_MALFORMED,
          "answer is not the platform envelope: " + preview(body), status);
    }
    long errno = json.getValue("errno") instanceof Number n ? n.longValue() : PlatformException.ERRNO_MALFORMED;
    if (errno != endpoint.successErrno() || status / 100 != 2) {
      throw new PlatformException(endpoint, (int) errno, String.valueOf(json.getValue("error")), status);
    }
    return json;
  }

  private static PlatformException errorOf(Endpoint endpoint, int status, Buffer body, String fallbackMessage) {
    JsonObject json = parse(body);
    if (json != null && json.getValue("errno") instanceof Number n) {
      return new PlatformException(endpoint, n.intValue(), String.valueOf(json.getValue("error")), status);
    }
    return new PlatformException(endpoint, status, fallbackMessage, status);
  }

  private static JsonObject parse(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static String preview(Buffer body) {
    if (body == null) {
      return "(empty)";
    }
    String text = body.toString();
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }

  private Future<HttpResponse<Buffer>> exchange(Request request) {
    Promise<HttpResponse<Buffer>> promise = Promise.promise();
    attempt(request, 1, promise);
    return promise.future();
  }

  private void attempt(Request request, int attempt, Promise<HttpResponse<Buffer>> promise) {
    Endpoint endpoint = request.endpoint();
    send(request).onComplete(result -> {
      boolean transportFailure = result.failed();
      boolean serverError = !transportFailure && result.result().statusCode() >= 500;
      boolean again = (transportFailure || serverError) && endpoint.retryable() && request.stream() == null
          && attempt < options.retryAttempts(); // a stream body is read once
      if (again) {
        long delay = backoffMillis(attempt);
        LOG.debug("{} attempt {} failed ({}), retrying in {} ms", endpoint, attempt,
            transportFailure ? result.cause().toString() : "HTTP " + result.result().statusCode(), delay);
        vertx.setTimer(delay, id -> attempt(request, attempt + 1, promise));
      } else if (transportFailure) {
        promise.fail(new PlatformException(endpoint, PlatformException.ERRNO_TRANSPORT,
            "no answer after " + attempt + " attempt(s): " + result.cause(), 0, result.cause()));
      } else {
        promise.complete(result.result());
      }
    });
  }

  /** Doubles from the initial backoff per failed attempt, never above the maximum. */
  long backoffMillis(int failedAttempts) {
    long delay = options.retryInitialBackoffMillis();
    for (int i = 1; i < failedAttempts && delay < options.retryMaxBackoffMillis(); i++) {
      delay *= 2;
    }
    return Math.min(delay, options.retryMaxBackoffMillis());
  }

  private Future<HttpResponse<Buffer>> send(Request request) {
    HttpRequest<Buffer> http = web.requestAbs(request.endpoint().method(), request.url())
        .timeout(options.requestTimeoutMillis() + request.paceMillis());
    request.query().forEach((name, value) -> http.addQueryParam(name, String.valueOf(value)));
    if (request.apiKey() != null) {
      http.putHeader(API_KEY_HEADER, request.apiKey());
    }
    if (request.stream() != null) {
      http.putHeader("Content-Type", request.contentType());
      http.putHeader("Content-Length", Long.toString(request.streamLength()));
      return http.sendStream(request.stream());
    }
    if (request.body() == null) {
      return http.send();
    }
    http.putHeader("Content-Type", request.contentType());
    return http.sendBuffer(request.body());
  }
}
