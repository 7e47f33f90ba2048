package dev.edgerelay.relay.http;

/** Carries an {@link ApiError} out of a handler to the failure handler. No stack trace: it is an answer, not a bug. */
public final class ApiException extends RuntimeException {
  private final ApiError error;

  public ApiException(ApiError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public ApiError error() {
    return error;
  }
}
