package dev.edgerelay.relay.platform;

import java.util.Set;

/**
 * A call the platform refused or could not answer: a non-zero errno in the envelope, an HTTP error
 * status (object storage, spec 15, puts its code in both), a malformed answer or a transport failure.
 * Carries the errno and the platform's own message so that callers can react to the code.
 */
public final class PlatformException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** errno used when no answer arrived at all (connection refused, reset, timed out). */
  public static final int ERRNO_TRANSPORT = -1;
  /** errno used when an answer arrived but was not the platform's envelope. */
  public static final int ERRNO_MALFORMED = -2;

  /** Object-storage codes that a later attempt may cure (spec 15: server and gateway errors). */
  private static final Set<Integer> RETRYABLE_ERRNOS = Set.of(500, 502, 503, 504);

  private final Endpoint endpoint;
  private final int errno;
  private final String platformMessage;
  private final int httpStatus;

  public PlatformException(Endpoint endpoint, int errno, String platformMessage, int httpStatus, Throwable cause) {
    super(endpoint + ": errno " + errno + " (" + platformMessage + ")"
        + (httpStatus > 0 ? ", HTTP " + httpStatus : ""), cause);
    this.endpoint = endpoint;
    this.errno = errno;
    this.platformMessage = platformMessage;
    this.httpStatus = httpStatus;
  }

  public PlatformException(Endpoint endpoint, int errno, String platformMessage, int httpStatus) {
    this(endpoint, errno, platformMessage, httpStatus, null);
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** The platform's errno, or {@link #ERRNO_TRANSPORT} / {@link #ERRNO_MALFORMED}. */
  public int errno() {
    return errno;
  }

  /** The envelope's {@code error} text, or a description of the transport failure. */
  public String platformMessage() {
    return platformMessage;
  }

  /** HTTP status of the answer, 0 when none arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Whether repeating the same request later may succeed: transport failures and 5xx. Everything
   * else (bad parameters, auth, 413 too large, 1001-1003 bad names) fails again the same way.
   */
  public boolean retryable() {
    return errno == ERRNO_TRANSPORT || httpStatus >= 500 || RETRYABLE_ERRNOS.contains(errno);
  }
}
