package dev.edgerelay.media.rtmp;

import dev.edgerelay.media.rtmp.chunk.ChunkLimits;
import dev.edgerelay.media.rtmp.handshake.ClientHandshake;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of an RTMP endpoint. Immutable: each setter returns a changed copy, so one
 * instance can be shared by every connection of a server.
 */
public final class RtmpConfig {
  /** Largest chunk size a peer may set: the spec allows 0x7FFFFFFF (5.4.1); nobody needs chunks over 16 MiB. */
  public static final int DEFAULT_MAX_CHUNK_SIZE = 16 * 1024 * 1024;
  /** Largest reassembled message: an 8 MiB video frame is far beyond a 4K keyframe at camera bitrates. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 8 * 1024 * 1024;
  /** Chunk streams with state at once; encoders use fewer than ten (control, command, audio, video, data). */
  public static final int DEFAULT_MAX_CHUNK_STREAMS = 64;
  /** The chunk size we send with: 4 KiB cuts header overhead 30-fold against the default 128 (FFmpeg and OBS do the same). */
  public static final int DEFAULT_OUTBOUND_CHUNK_SIZE = 4096;
  /** Acknowledgement window we announce; 2.5 MB is what Flash Media Server and nginx-rtmp send. */
  public static final int DEFAULT_WINDOW_ACK_SIZE = 2_500_000;
  /** Messages queued for one player before it skips to the next keyframe: about 8 s of 30 fps video plus audio. */
  public static final int DEFAULT_PLAYER_QUEUE_LIMIT = 512;
  /** Bytes of the current GOP kept so a new player starts at a keyframe: 4 s of 8 Mbps video. */
  public static final int DEFAULT_GOP_CACHE_BYTES = 4 * 1024 * 1024;
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_FIRST_MEDIA_TIMEOUT = Duration.ofSeconds(15);
  /** Digest, as FFmpeg's client sends: FMS-compatible origins (Wowza) may refuse H.264 after a plain C1. */
  public static final ClientHandshake DEFAULT_CLIENT_HANDSHAKE = ClientHandshake.DIGEST;

  private int maxChunkSize = DEFAULT_MAX_CHUNK_SIZE;
  private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
  private int maxChunkStreams = DEFAULT_MAX_CHUNK_STREAMS;
  private int outboundChunkSize = DEFAULT_OUTBOUND_CHUNK_SIZE;
  private int windowAckSize = DEFAULT_WINDOW_ACK_SIZE;
  private int playerQueueLimit = DEFAULT_PLAYER_QUEUE_LIMIT;
  private int gopCacheBytes = DEFAULT_GOP_CACHE_BYTES;
  private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration firstMediaTimeout = DEFAULT_FIRST_MEDIA_TIMEOUT;
  private ClientHandshake clientHandshake = DEFAULT_CLIENT_HANDSHAKE;

  private RtmpConfig() {}

  public static RtmpConfig defaults() {
    return new RtmpConfig();
  }

  private RtmpConfig copy() {
    RtmpConfig c = new RtmpConfig();
    c.maxChunkSize = maxChunkSize;
    c.maxMessageSize = maxMessageSize;
    c.maxChunkStreams = maxChunkStreams;
    c.outboundChunkSize = outboundChunkSize;
    c.windowAckSize = windowAckSize;
    c.playerQueueLimit = playerQueueLimit;
    c.gopCacheBytes = gopCacheBytes;
    c.handshakeTimeout = handshakeTimeout;
    c.connectTimeout = connectTimeout;
    c.firstMediaTimeout = firstMediaTimeout;
    c.clientHandshake = clientHandshake;
    return c;
  }

  public int maxChunkSize() { return maxChunkSize; }
  public int maxMessageSize() { return maxMessageSize; }
  public int maxChunkStreams() { return maxChunkStreams; }
  public int outboundChunkSize() { return outboundChunkSize; }
  public int windowAckSize() { return windowAckSize; }
  public int playerQueueLimit() { return playerQueueLimit; }
  public int gopCacheBytes() { return gopCacheBytes; }
  public Duration handshakeTimeout() { return handshakeTimeout; }
  public Duration connectTimeout() { return connectTimeout; }
  public Duration firstMediaTimeout() { return firstMediaTimeout; }
  public ClientHandshake clientHandshake() { return clientHandshake; }

  /** The part of these limits the chunk layer enforces. */
  public ChunkLimits chunkLimits() {
    return new ChunkLimits(maxChunkSize, maxMessageSize, maxChunkStreams);
  }

  public RtmpConfig maxChunkSize(int value) {
    RtmpConfig c = copy();
    c.maxChunkSize = positive("maxChunkSize", value);
    return c;
  }

  public RtmpConfig maxMessageSize(int value) {
    RtmpConfig c = copy();
    c.maxMessageSize = positive("maxMessageSize", value);
    return c;
  }

  public RtmpConfig maxChunkStreams(int value) {
    RtmpConfig c = copy();
    c.maxChunkStreams = positive("maxChunkStreams", value);
    return c;
  }

  /** Spec 5.4.1: a chunk size is 1 to 0x7FFFFFFF; 128 is the size before any Set Chunk Size. */
  public RtmpConfig outboundChunkSize(int value) {
    RtmpConfig c = copy();
    c.outboundChunkSize = positive("outboundChunkSize", value);
    return c;
  }

  public RtmpConfig windowAckSize(int value) {
    RtmpConfig c = copy();
    c.windowAckSize = positive("windowAckSize", value);
    return c;
  }

  public RtmpConfig playerQueueLimit(int value) {
    RtmpConfig c = copy();
    c.playerQueueLimit = positive("playerQueueLimit", value);
    return c;
  }

  public RtmpConfig gopCacheBytes(int value) {
    RtmpConfig c = copy();
    c.gopCacheBytes = positive("gopCacheBytes", value);
    return c;
  }

  public RtmpConfig handshakeTimeout(Duration value) {
    RtmpConfig c = copy();
    c.handshakeTimeout = Objects.requireNonNull(value, "handshakeTimeout");
    return c;
  }

  public RtmpConfig connectTimeout(Duration value) {
    RtmpConfig c = copy();
    c.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
    return c;
  }

  public RtmpConfig firstMediaTimeout(Duration value) {
    RtmpConfig c = copy();
    c.firstMediaTimeout = Objects.requireNonNull(value, "firstMediaTimeout");
    return c;
  }

  /** The C1 our client sends; the server answers either kind whatever this says. */
  public RtmpConfig clientHandshake(ClientHandshake value) {
    RtmpConfig c = copy();
    c.clientHandshake = Objects.requireNonNull(value, "clientHandshake");
    return c;
  }

  private static int positive(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be 1 or more, was " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "RtmpConfig[maxChunkSize=" + maxChunkSize + " maxMessageSize=" + maxMessageSize
        + " maxChunkStreams=" + maxChunkStreams + " outboundChunkSize=" + outboundChunkSize
        + " playerQueueLimit=" + playerQueueLimit + " gopCacheBytes=" + gopCacheBytes
        + " clientHandshake=" + clientHandshake + "]";
  }
}
