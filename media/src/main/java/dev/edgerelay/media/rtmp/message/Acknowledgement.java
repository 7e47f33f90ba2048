package dev.edgerelay.media.rtmp.message;

/** Acknowledgement (spec 5.4.3): the number of bytes received so far, sent once per window. */
public record Acknowledgement(long sequenceNumber) implements RtmpMessage {
  @Override public int typeId() { return MessageType.ACKNOWLEDGEMENT; }
  @Override public long timestamp() { return 0; }
  @Override public int streamId() { return 0; }
}
