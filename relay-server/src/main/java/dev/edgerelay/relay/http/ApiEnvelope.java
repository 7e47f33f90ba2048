package dev.edgerelay.relay.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The platform's answer shape, {@code {"errno":0,"error":"succ","data":...}} (API-NOTES.md, envelope).
 * Every JSON answer of the edge API goes through here, errors included, so a client written for the
 * cloud parses ours unchanged.
 */
public final class ApiEnvelope {
  public static final String SUCCESS_MESSAGE = "succ";

  private ApiEnvelope() {}

  /** {@code errno 0} with the payload under {@code data} (omitted when null). */
  public static JsonObject ok(Object data) {
    JsonObject body = new JsonObject().put("errno", 0).put("error", SUCCESS_MESSAGE);
    if (data != null) {
      body.put("data", data);
    }
    return body;
  }

  public static JsonObject error(ApiError error) {
    return new JsonObject().put("errno", error.errno()).put("error", error.message());
  }

  public static Future<Void> send(HttpServerResponse response, int status, JsonObject body) {
    return response.setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(body.encode());
  }

  public static Future<Void> sendOk(HttpServerResponse response, Object data) {
    return send(response, 200, ok(data));
  }

  /** Success with the payload under {@code result}, where the spec puts it (QryChannel, QryDevStatus, stat lists). */
  public static Future<Void> sendResult(HttpServerResponse response, Object result) {
    return send(response, 200, new JsonObject().put("errno", 0).put("error", SUCCESS_MESSAGE).put("result", result));
  }

  public static Future<Void> sendError(HttpServerResponse response, ApiError error) {
    return send(response, error.httpStatus(), error(error));
  }
}
