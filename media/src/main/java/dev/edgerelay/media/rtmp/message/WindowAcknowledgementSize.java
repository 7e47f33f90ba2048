package dev.edgerelay.media.rtmp.message;

/** Window Acknowledgement Size (spec 5.4.4): acknowledge after this many received bytes. */
public record WindowAcknowledgementSize(long windowSize) implements RtmpMessage {
  @Override public int typeId() { return MessageType.WINDOW_ACK_SIZE; }
  @Override public long timestamp() { return 0; }
  @Override public int streamId() { return 0; }
}
