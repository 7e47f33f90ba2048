package dev.edgerelay.media.rtmp.client;

/** Why a pull failed, in terms an operator can act on; {@link #statusCode()} is the server's own code. */
public final class RtmpClientException extends Exception {
  public enum Reason {
    /** TCP connect refused or unreachable. */
    REFUSED,
    /** The server answered _error or an error-level onStatus (bad token, unknown stream). */
    REJECTED,
    /** Connect, handshake, a command answer or the first media frame took too long. */
    TIMED_OUT,
    /** The server broke the protocol or one of our limits. */
    MALFORMED,
    /** The connection closed before playback started. */
    CLOSED
  }

  private final Reason reason;
  private final String statusCode;

  public RtmpClientException(Reason reason, String statusCode, String message) {
    super(reason + (statusCode == null ? "" : " " + statusCode) + ": " + message, null, false, false);
    this.reason = reason;
    this.statusCode = statusCode;
  }

  public Reason reason() {
    return reason;
  }

  /** The server's onStatus or _error code, such as NetStream.Play.StreamNotFound; null if none. */
  public String statusCode() {
    return statusCode;
  }
}
