package dev.edgerelay.media.rtmp;

import dev.edgerelay.media.rtmp.chunk.ChunkBudget;
import dev.edgerelay.media.rtmp.chunk.ChunkDecoder;
import dev.edgerelay.media.rtmp.chunk.ChunkEncoder;
import dev.edgerelay.media.rtmp.handshake.ServerHandshakeHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;

/** Assembles the layers of one RTMP connection in the order bytes meet them. */
public final class RtmpPipeline {
  public static final String HANDSHAKE = "rtmp-handshake";
  public static final String CHUNK_DECODER = "rtmp-chunk-decoder";
  public static final String CHUNK_ENCODER = "rtmp-chunk-encoder";
  public static final String DEADLINES = "rtmp-deadlines";
  public static final String SESSION = "rtmp-session";

  private RtmpPipeline() {}

  /** A client connection: its decoder has only its own memory limit. */
  public static void configure(ChannelPipeline p, ChannelHandler handshake, RtmpConfig config, ChannelHandler session) {
    p.addLast(HANDSHAKE, handshake);
    p.addLast(CHUNK_DECODER, new ChunkDecoder(config.chunkLimits()));
    p.addLast(CHUNK_ENCODER, new ChunkEncoder());
    p.addLast(SESSION, session);
  }

  /**
   * A connection a server accepted from a stranger: its decoder charges {@code budget}, which the server's
   * connections share, and {@link ServerDeadlines} closes it when it stays silent before playing.
   */
  public static void configureServer(ChannelPipeline p, RtmpConfig config, ChunkBudget budget, ChannelHandler session) {
    p.addLast(HANDSHAKE, new ServerHandshakeHandler(config.handshakeTimeout()));
    p.addLast(CHUNK_DECODER, new ChunkDecoder(config.chunkLimits(), budget));
    p.addLast(CHUNK_ENCODER, new ChunkEncoder());
    p.addLast(DEADLINES, new ServerDeadlines(config.commandTimeout(), config.idleTimeout()));
    p.addLast(SESSION, session);
  }
}
