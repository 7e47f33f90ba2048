package dev.edgerelay.media.rtmp.message;

/** Set Peer Bandwidth (spec 5.4.5): limit the peer's output window; limit type 0 hard, 1 soft, 2 dynamic. */
public record SetPeerBandwidth(long windowSize, int limitType) implements RtmpMessage {
  public static final int HARD = 0;
  public static final int SOFT = 1;
  public static final int DYNAMIC = 2;

  @Override public int typeId() { return MessageType.SET_PEER_BANDWIDTH; }
  @Override public long timestamp() { return 0; }
  @Override public int streamId() { return 0; }
}
