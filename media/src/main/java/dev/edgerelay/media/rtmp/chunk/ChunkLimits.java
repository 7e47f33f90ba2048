package dev.edgerelay.media.rtmp.chunk;

/**
 * What one connection's {@link ChunkDecoder} accepts before it gives up on the peer. The values come from
 * the endpoint's configuration (RtmpConfig, in the package above), so this layer depends on nothing above it.
 *
 * @param maxChunkSize largest chunk size the peer may set (spec 5.4.1)
 * @param maxMessageSize largest message a header may declare
 * @param maxChunkStreams chunk streams with state at once
 * @param maxBufferedBytes memory the connection's unfinished messages may hold at once
 */
public record ChunkLimits(int maxChunkSize, int maxMessageSize, int maxChunkStreams, int maxBufferedBytes) {
  public ChunkLimits {
    positive("maxChunkSize", maxChunkSize);
    positive("maxMessageSize", maxMessageSize);
    positive("maxChunkStreams", maxChunkStreams);
    positive("maxBufferedBytes", maxBufferedBytes);
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be 1 or more, was " + value);
    }
  }
}
