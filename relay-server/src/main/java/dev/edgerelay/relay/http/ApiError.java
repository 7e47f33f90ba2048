package dev.edgerelay.relay.http;

/**
 * An error the edge API answers with: HTTP status, the platform's errno and a sentence that says what
 * to fix. Errnos follow the platform where it defines one (spec 4.1: 1 bad parameter, 2 internal error,
 * 3 unknown channel, 4 device offline); the rest are listed in {@link EdgeErrno}.
 */
public record ApiError(int httpStatus, int errno, String message) {
  public static ApiError badParameter(String message) {
    return new ApiError(400, EdgeErrno.BAD_PARAMETER, message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, EdgeErrno.NOT_FOUND, message);
  }

  public static ApiError internal(String message) {
    return new ApiError(500, EdgeErrno.INTERNAL, message);
  }

  public static ApiError unavailable(String message) {
    return new ApiError(503, EdgeErrno.UNAVAILABLE, message);
  }
}
