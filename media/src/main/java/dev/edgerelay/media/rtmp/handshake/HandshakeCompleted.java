package dev.edgerelay.media.rtmp.handshake;

/** User event fired down the pipeline once the handshake is done and its handler has left it. */
public final class HandshakeCompleted {
  public static final HandshakeCompleted INSTANCE = new HandshakeCompleted();

  private HandshakeCompleted() {}

  @Override
  public String toString() {
    return "HandshakeCompleted";
  }
}
