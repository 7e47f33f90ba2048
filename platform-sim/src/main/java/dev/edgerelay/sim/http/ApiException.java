package dev.edgerelay.sim.http;

/** Ends a request with an errno and a sentence; thrown by route handlers, answered by {@link Envelope}. */
public final class ApiException extends RuntimeException {
  private final SimError error;

  public ApiException(SimError error, String sentence) {
    super(sentence == null ? error.sentence() : sentence, null, false, false);
    this.error = error;
  }

  public ApiException(SimError error) {
    this(error, null);
  }

  public SimError error() {
    return error;
  }
}
