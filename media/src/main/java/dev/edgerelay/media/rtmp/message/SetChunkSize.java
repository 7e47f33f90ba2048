package dev.edgerelay.media.rtmp.message;

/** Set Chunk Size (spec 5.4.1): the sender's chunks are at most this long from the next chunk on. */
public record SetChunkSize(int chunkSize) implements RtmpMessage {
  @Override public int typeId() { return MessageType.SET_CHUNK_SIZE; }
  @Override public long timestamp() { return 0; }
  @Override public int streamId() { return 0; }
}
