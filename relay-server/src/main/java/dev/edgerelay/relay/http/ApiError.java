package dev.edgerelay.relay.http;

import java.util.regex.Pattern;

/**
 * An error the edge API answers with: HTTP status, errno ({@link EdgeErrno}) and a sentence that says
 * what to fix. Like the platform, API errors answer HTTP 200 with the errno, except where a player or
 * a proxy must see the failure in the status (tokens 403, missing media 404/503, internal 500); on media
 * routes every error does ({@link #onMediaRoute()}, docs/api-coverage.md).
 */
public record ApiError(int httpStatus, int errno, String message) {
  /** A qualified class name ({@code io.netty.channel.X}; host names stay) or an exception's name. */
  private static final Pattern INTERNALS = Pattern.compile("Exception|Error:|\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*\\.[A-Z]");

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

  /**
   * This error as a media route answers it (live and recorded HLS, previews, pictures): a player or a browser
   * never reads an errno, so an error the API answers with 200 carries its kind in the status: 403 for keys and
   * tokens, 404 for what does not exist, 503 for what is not there yet or busy, 400 for the rest.
   */
  public ApiError onMediaRoute() {
    if (httpStatus != 200) {
      return this;
    }
    int status = switch (errno) {
      case EdgeErrno.AUTH_MISSING, EdgeErrno.AUTH_INVALID, EdgeErrno.AUTH_OTHER_DEVICE, EdgeErrno.AUTH_MASTER_ONLY,
          EdgeErrno.TOKEN_INVALID -> 403;
      case EdgeErrno.CHANNEL_NOT_FOUND, EdgeErrno.DEVICE_NOT_FOUND, EdgeErrno.NOT_FOUND, EdgeErrno.VIDEO_NOT_FOUND,
          EdgeErrno.PICTURE_NOT_FOUND, EdgeErrno.RECORDING_RANGE_EMPTY -> 404;
      case EdgeErrno.DEVICE_OFFLINE, EdgeErrno.STREAM_UNAVAILABLE, EdgeErrno.CAPACITY, EdgeErrno.THUMBNAIL_BUSY,
          EdgeErrno.EXPORT_BUSY -> 503;
      default -> 400;
    };
    return new ApiError(status, errno, message);
  }

  /**
   * The message of {@code failure} when an error sentence may carry it; a message naming classes or packages (a
   * decoder's, a helpful NullPointerException's) is not for a client, who gets a pointer to the log instead.
   */
  public static String causeText(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() || INTERNALS.matcher(message).find()
        ? "an internal failure; the node's log has the detail" : message;
  }

  /** Thrown by route helpers; the router's failure handler answers it. */
  public ApiException exception() {
    return new ApiException(this);
  }
}
