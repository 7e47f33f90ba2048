package dev.edgerelay.media.rtmp.message;

/**
 * One reassembled RTMP message (RTMP spec 1.0, section 6.1): a type, a 32-bit timestamp in
 * milliseconds and the message stream it belongs to. Implementations are immutable; those that
 * carry media bytes are {@link io.netty.buffer.ByteBufHolder}s owned by whoever receives them.
 */
public interface RtmpMessage {
  /** Message type id, one of {@link MessageType}. */
  int typeId();

  /** Timestamp in milliseconds, an unsigned 32-bit value kept in a long. */
  long timestamp();

  /** Message stream id: 0 for the connection's control and NetConnection commands. */
  int streamId();
}
