package dev.edgerelay.media.rtmp;

import dev.edgerelay.media.rtmp.chunk.ChunkLimits;
import dev.edgerelay.media.rtmp.handshake.ClientHandshake;
import dev.edgerelay.media.stream.ReaderStart;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of an RTMP endpoint, in the options style of the rest of the node: {@code DEFAULT_*}
 * constants, fluent setters, one {@link #validate()}. A server or client reads it for every connection,
 * so it is set up before the endpoint is built and not changed after.
 */
public final class RtmpConfig {
  /** Largest chunk size a peer may set: the spec allows 0x7FFFFFFF (5.4.1); nobody needs chunks over 16 MiB. */
  public static final int DEFAULT_MAX_CHUNK_SIZE = 16 * 1024 * 1024;
  /** Largest reassembled message: an 8 MiB video frame is far beyond a 4K keyframe at camera bitrates. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 8 * 1024 * 1024;
  /** Chunk streams with state at once; encoders use fewer than ten (control, command, audio, video, data). */
  public static final int DEFAULT_MAX_CHUNK_STREAMS = 64;
  /**
   * Memory one connection's unfinished messages may hold: a largest message plus the audio and data
   * interleaved with it, counting the read buffers its pieces keep alive.
   */
  public static final int DEFAULT_MAX_CONNECTION_BUFFERED_BYTES = 2 * DEFAULT_MAX_MESSAGE_SIZE;
  /**
   * Memory the unfinished messages of all of a server's connections may hold: sixteen publishers half-way
   * through a largest message; cameras hold a frame or two each, far less.
   */
  public static final int DEFAULT_MAX_SERVER_BUFFERED_BYTES = 128 * 1024 * 1024;
  /** The chunk size we send with: 4 KiB cuts header overhead 30-fold against the default 128 (FFmpeg and OBS do the same). */
  public static final int DEFAULT_OUTBOUND_CHUNK_SIZE = 4096;
  /** Acknowledgement window we announce; 2.5 MB is what Flash Media Server and nginx-rtmp send. */
  public static final int DEFAULT_WINDOW_ACK_SIZE = 2_500_000;
  /** Messages queued for one player before it skips to the next keyframe: about 8 s of 30 fps video plus audio. */
  public static final int DEFAULT_PLAYER_QUEUE_LIMIT = 512;
  /** Bytes of the current GOP kept so a new player starts at a keyframe: 4 s of 8 Mbps video. */
  public static final int DEFAULT_GOP_CACHE_BYTES = 4 * 1024 * 1024;
  /** Players start from the cached GOP, so they decode at once. */
  public static final ReaderStart DEFAULT_PLAYER_START = ReaderStart.CACHED_GOP;
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_FIRST_MEDIA_TIMEOUT = Duration.ofSeconds(15);
  /** A server connection that sends no command this long after its handshake is closed: real clients connect at once. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
  /**
   * A server connection that completes no message for this long is closed, until it plays (a player only
   * listens). Publishers send frames many times a second; nginx-rtmp's socket timeout is 60 s.
   */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** Digest, as FFmpeg's client sends: FMS-compatible origins (Wowza) may refuse H.264 after a plain C1. */
  public static final ClientHandshake DEFAULT_CLIENT_HANDSHAKE = ClientHandshake.DIGEST;

  private int maxChunkSize = DEFAULT_MAX_CHUNK_SIZE;
  private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
  private int maxChunkStreams = DEFAULT_MAX_CHUNK_STREAMS;
  private int maxConnectionBufferedBytes = DEFAULT_MAX_CONNECTION_BUFFERED_BYTES;
  private int maxServerBufferedBytes = DEFAULT_MAX_SERVER_BUFFERED_BYTES;
  private int outboundChunkSize = DEFAULT_OUTBOUND_CHUNK_SIZE;
  private int windowAckSize = DEFAULT_WINDOW_ACK_SIZE;
  private int playerQueueLimit = DEFAULT_PLAYER_QUEUE_LIMIT;
  private int gopCacheBytes = DEFAULT_GOP_CACHE_BYTES;
  private ReaderStart playerStart = DEFAULT_PLAYER_START;
  private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration firstMediaTimeout = DEFAULT_FIRST_MEDIA_TIMEOUT;
  private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
  private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
  private ClientHandshake clientHandshake = DEFAULT_CLIENT_HANDSHAKE;

  public RtmpConfig() {}

  public RtmpConfig(RtmpConfig other) {
    maxChunkSize = other.maxChunkSize;
    maxMessageSize = other.maxMessageSize;
    maxChunkStreams = other.maxChunkStreams;
    maxConnectionBufferedBytes = other.maxConnectionBufferedBytes;
    maxServerBufferedBytes = other.maxServerBufferedBytes;
    outboundChunkSize = other.outboundChunkSize;
    windowAckSize = other.windowAckSize;
    playerQueueLimit = other.playerQueueLimit;
    gopCacheBytes = other.gopCacheBytes;
    playerStart = other.playerStart;
    handshakeTimeout = other.handshakeTimeout;
    connectTimeout = other.connectTimeout;
    firstMediaTimeout = other.firstMediaTimeout;
    commandTimeout = other.commandTimeout;
    idleTimeout = other.idleTimeout;
    clientHandshake = other.clientHandshake;
  }

  /** The defaults: one instance per server or client, set up before it is built and not changed after. */
  public static RtmpConfig defaults() {
    return new RtmpConfig();
  }

  /**
   * Checks every field.
   *
   * @throws IllegalArgumentException naming the first invalid field
   */
  public RtmpConfig validate() {
    positive("maxChunkSize", maxChunkSize);
    positive("maxMessageSize", maxMessageSize);
    positive("maxChunkStreams", maxChunkStreams);
    if (maxConnectionBufferedBytes < maxMessageSize) {
      throw new IllegalArgumentException("maxConnectionBufferedBytes must be at least maxMessageSize ("
          + maxMessageSize + "), was " + maxConnectionBufferedBytes);
    }
    if (maxServerBufferedBytes < maxConnectionBufferedBytes) {
      throw new IllegalArgumentException("maxServerBufferedBytes must be at least maxConnectionBufferedBytes ("
          + maxConnectionBufferedBytes + "), was " + maxServerBufferedBytes);
    }
    positive("outboundChunkSize", outboundChunkSize);
    positive("windowAckSize", windowAckSize);
    positive("playerQueueLimit", playerQueueLimit);
    positive("gopCacheBytes", gopCacheBytes);
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(firstMediaTimeout, "firstMediaTimeout");
    positive("commandTimeout", commandTimeout);
    positive("idleTimeout", idleTimeout);
    Objects.requireNonNull(clientHandshake, "clientHandshake");
    return this;
  }

  /** The part of these limits the chunk layer enforces. */
  public ChunkLimits chunkLimits() {
    return new ChunkLimits(maxChunkSize, maxMessageSize, maxChunkStreams, maxConnectionBufferedBytes);
  }

  public int maxChunkSize() {
    return maxChunkSize;
  }

  public RtmpConfig setMaxChunkSize(int maxChunkSize) {
    this.maxChunkSize = maxChunkSize;
    return this;
  }

  public int maxMessageSize() {
    return maxMessageSize;
  }

  public RtmpConfig setMaxMessageSize(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
    return this;
  }

  public int maxChunkStreams() {
    return maxChunkStreams;
  }

  public RtmpConfig setMaxChunkStreams(int maxChunkStreams) {
    this.maxChunkStreams = maxChunkStreams;
    return this;
  }

  public int maxConnectionBufferedBytes() {
    return maxConnectionBufferedBytes;
  }

  public RtmpConfig setMaxConnectionBufferedBytes(int maxConnectionBufferedBytes) {
    this.maxConnectionBufferedBytes = maxConnectionBufferedBytes;
    return this;
  }

  public int maxServerBufferedBytes() {
    return maxServerBufferedBytes;
  }

  public RtmpConfig setMaxServerBufferedBytes(int maxServerBufferedBytes) {
    this.maxServerBufferedBytes = maxServerBufferedBytes;
    return this;
  }

  public int outboundChunkSize() {
    return outboundChunkSize;
  }

  /** Spec 5.4.1: a chunk size is 1 to 0x7FFFFFFF; 128 is the size before any Set Chunk Size. */
  public RtmpConfig setOutboundChunkSize(int outboundChunkSize) {
    this.outboundChunkSize = outboundChunkSize;
    return this;
  }

  public int windowAckSize() {
    return windowAckSize;
  }

  public RtmpConfig setWindowAckSize(int windowAckSize) {
    this.windowAckSize = windowAckSize;
    return this;
  }

  public int playerQueueLimit() {
    return playerQueueLimit;
  }

  public RtmpConfig setPlayerQueueLimit(int playerQueueLimit) {
    this.playerQueueLimit = playerQueueLimit;
    return this;
  }

  public int gopCacheBytes() {
    return gopCacheBytes;
  }

  public RtmpConfig setGopCacheBytes(int gopCacheBytes) {
    this.gopCacheBytes = gopCacheBytes;
    return this;
  }

  public ReaderStart playerStart() {
    return playerStart;
  }

  /** Where a server's live players start: from the cached GOP, or as nginx-rtmp does (audio first). */
  public RtmpConfig setPlayerStart(ReaderStart playerStart) {
    this.playerStart = Objects.requireNonNull(playerStart, "playerStart");
    return this;
  }

  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  public RtmpConfig setHandshakeTimeout(Duration handshakeTimeout) {
    this.handshakeTimeout = handshakeTimeout;
    return this;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public RtmpConfig setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
    return this;
  }

  public Duration firstMediaTimeout() {
    return firstMediaTimeout;
  }

  public RtmpConfig setFirstMediaTimeout(Duration firstMediaTimeout) {
    this.firstMediaTimeout = firstMediaTimeout;
    return this;
  }

  public Duration commandTimeout() {
    return commandTimeout;
  }

  public RtmpConfig setCommandTimeout(Duration commandTimeout) {
    this.commandTimeout = commandTimeout;
    return this;
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  public RtmpConfig setIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
    return this;
  }

  public ClientHandshake clientHandshake() {
    return clientHandshake;
  }

  /** The C1 our client sends; the server answers either kind whatever this says. */
  public RtmpConfig setClientHandshake(ClientHandshake clientHandshake) {
    this.clientHandshake = clientHandshake;
    return this;
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be 1 or more, was " + value);
    }
  }

  private static void positive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be longer than 0, was " + value);
    }
  }

  @Override
  public String toString() {
    return "RtmpConfig[maxChunkSize=" + maxChunkSize + " maxMessageSize=" + maxMessageSize
        + " maxChunkStreams=" + maxChunkStreams + " maxConnectionBufferedBytes=" + maxConnectionBufferedBytes
        + " maxServerBufferedBytes=" + maxServerBufferedBytes + " commandTimeout=" + commandTimeout
        + " idleTimeout=" + idleTimeout + " outboundChunkSize=" + outboundChunkSize
        + " playerQueueLimit=" + playerQueueLimit + " gopCacheBytes=" + gopCacheBytes + " playerStart=" + playerStart
        + " clientHandshake=" + clientHandshake + "]";
  }
}
