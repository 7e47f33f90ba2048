package dev.edgerelay.media.rtmp.message;

/** A message or chunk that breaks the RTMP spec or one of our limits; its connection is closed. */
public final class RtmpProtocolException extends Exception {
  public RtmpProtocolException(String message) {
    super(message, null, false, false);
  }
}
