package dev.edgerelay.sim.camera;

import dev.edgerelay.media.flv.FlvDecoder;
import dev.edgerelay.media.flv.FlvTag;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Where FFmpeg's FLV muxer writes: the bytes are parsed as they come (the media module's {@link FlvDecoder}, in
 * an {@link EmbeddedChannel} on the writing thread) and every complete tag goes to the consumer, which owns it.
 * Used by one thread only, the encoder's.
 */
final class FlvTagSink extends OutputStream {
  private final EmbeddedChannel decoder = new EmbeddedChannel(new FlvDecoder());
  private final Consumer<FlvTag> tags;
  private boolean closed;

  FlvTagSink(Consumer<FlvTag> tags) {
    this.tags = tags;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("FLV sink closed");
    }
    decoder.writeInbound(Unpooled.copiedBuffer(bytes, offset, length));
    FlvTag tag;
    while ((tag = decoder.readInbound()) != null) {
      tags.accept(tag);
    }
    String failure = decoder.pipeline().get(FlvDecoder.class).failure();
    if (failure != null) {
      throw new IOException("FFmpeg wrote FLV the decoder rejects: " + failure);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      decoder.finishAndReleaseAll();
    }
  }
}
