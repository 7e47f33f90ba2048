package dev.edgerelay.relay.platform.model;

/** 4.1 {@code protocol_type}; FLV (3, 4) exists only in the newer revision (API-NOTES "play_address"). */
public enum ProtocolType {
  RTMP(0), HLS(1), HTTPS_HLS(2), FLV(3), HTTPS_FLV(4);

  private final int code;

  ProtocolType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
