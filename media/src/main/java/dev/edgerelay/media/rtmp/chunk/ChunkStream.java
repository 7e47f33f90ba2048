package dev.edgerelay.media.rtmp.chunk;

import io.netty.buffer.ByteBuf;

/**
 * What the chunk decoder remembers about one chunk stream (spec 5.3.1.2): the last message header,
 * which later header formats leave out, and the message being reassembled.
 */
final class ChunkStream {
  final int id;
  boolean hasHeader;
  /** Absolute timestamp of the current (or last) message. */
  long timestamp;
  /** The timestamp field of the last format 0-2 header: absolute for format 0, a delta otherwise. */
  long timestampField;
  /** The last header's timestamp field was 0xFFFFFF, so a 4-byte extended timestamp follows headers. */
  boolean extended;
  int messageLength;
  int typeId;
  int streamId;
  /** Bytes of the message received so far, or null between messages. */
  ByteBuf payload;

  ChunkStream(int id) {
    this.id = id;
  }

  boolean inMessage() {
    return payload != null;
  }

  int remaining() {
    return messageLength - payload.readableBytes();
  }

  void discard() {
    if (payload != null) {
      payload.release();
      payload = null;
    }
  }
}
