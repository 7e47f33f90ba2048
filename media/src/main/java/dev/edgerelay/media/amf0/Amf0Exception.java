package dev.edgerelay.media.amf0;

/** Malformed or over-limit AMF0 input. The decoder throws nothing else, so callers catch this one type. */
public final class Amf0Exception extends Exception {
  public Amf0Exception(String message) {
    super(message, null, false, false);
  }
}
