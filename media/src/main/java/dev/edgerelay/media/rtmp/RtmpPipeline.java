package dev.edgerelay.media.rtmp;

import dev.edgerelay.media.rtmp.chunk.ChunkDecoder;
import dev.edgerelay.media.rtmp.chunk.ChunkEncoder;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;

/** Assembles the layers of one RTMP connection in the order bytes meet them. */
public final class RtmpPipeline {
  public static final String HANDSHAKE = "rtmp-handshake";
  public static final String CHUNK_DECODER = "rtmp-chunk-decoder";
  public static final String CHUNK_ENCODER = "rtmp-chunk-encoder";
  public static final String SESSION = "rtmp-session";

  private RtmpPipeline() {}

  public static void configure(ChannelPipeline p, ChannelHandler handshake, RtmpConfig config, ChannelHandler session) {
    p.addLast(HANDSHAKE, handshake);
    p.addLast(CHUNK_DECODER, new ChunkDecoder(config.chunkLimits()));
    p.addLast(CHUNK_ENCODER, new ChunkEncoder());
    p.addLast(SESSION, session);
  }
}
