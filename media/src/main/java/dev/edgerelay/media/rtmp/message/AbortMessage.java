package dev.edgerelay.media.rtmp.message;

/** Abort Message (spec 5.4.2): discard the partly received message on this chunk stream. */
public record AbortMessage(int chunkStreamId) implements RtmpMessage {
  @Override public int typeId() { return MessageType.ABORT; }
  @Override public long timestamp() { return 0; }
  @Override public int streamId() { return 0; }
}
