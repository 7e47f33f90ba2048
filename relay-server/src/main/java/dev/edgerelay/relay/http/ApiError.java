package dev.edgerelay.relay.http;

/**
 * An error the edge API answers with: HTTP status, errno ({@link EdgeErrno}) and a sentence that says
 * what to fix. Like the platform, API errors answer HTTP 200 with the errno, except where a player or
 * a proxy must see the failure in the status (tokens 403, missing media 404/503, internal 500).
 */
public record ApiError(int httpStatus, int errno, String message) {
  public static ApiError missing(String parameter) {
    return new ApiError(200, EdgeErrno.PARAM_MISSING, "the parameter " + parameter + " is required");
  }

  public static ApiError invalid(String message) {
    return new ApiError(200, EdgeErrno.PARAM_INVALID, message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, EdgeErrno.NOT_FOUND, message);
  }

  public static ApiError token(String problem) {
    return new ApiError(403, EdgeErrno.TOKEN_INVALID, problem);
  }

  public static ApiError internal(String message) {
    return new ApiError(500, EdgeErrno.INTERNAL, message);
  }

  public static ApiError unavailable(String message) {
    return new ApiError(503, EdgeErrno.STREAM_UNAVAILABLE, message);
  }

  /** Thrown by route helpers; the router's failure handler answers it. */
  public ApiException exception() {
    return new ApiException(this);
  }
}
