package dev.edgerelay.media.amf0;

/** The AMF0 undefined value (spec 2.8), distinct from null: some servers answer releaseStream with it. */
public enum Amf0Undefined {
  INSTANCE;

  @Override
  public String toString() {
    return "undefined";
  }
}
