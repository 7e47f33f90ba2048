package dev.edgerelay.media.rtmp.chunk;

/** Chunk header constants shared by the decoder and the encoder (spec 5.3.1). */
final class ChunkFormat {
  /** Message header bytes per format 0..3 (spec 5.3.1.2). */
  static final int[] MESSAGE_HEADER_SIZE = {11, 7, 3, 0};
  /** A 24-bit timestamp field of all ones announces a 32-bit extended timestamp (spec 5.3.1.3). */
  static final int EXTENDED_TIMESTAMP_MARKER = 0xFFFFFF;
  /** Chunk size before any Set Chunk Size (spec 5.4.1). */
  static final int DEFAULT_CHUNK_SIZE = 128;
  /** Ids 2..63 fit the one-byte basic header, 64..319 two bytes, up to 65599 three bytes (spec 5.3.1.1). */
  static final int MAX_ONE_BYTE_ID = 63;
  static final int MAX_TWO_BYTE_ID = 319;
  static final int MAX_CHUNK_STREAM_ID = 65599;

  private ChunkFormat() {}
}
