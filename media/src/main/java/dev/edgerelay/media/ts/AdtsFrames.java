package dev.edgerelay.media.ts;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.codec.AdtsHeader;
import dev.edgerelay.media.codec.AudioSpecificConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Raw AAC frames waiting to share one PES, handed out with an ADTS header before each. Holds the
 * units (and their references) until {@link #clear()}, so payloads are copied once, into TS packets.
 */
final class AdtsFrames implements EsSource {
  private final MediaUnit[] frames;
  private final AudioSpecificConfig[] configs;
  private final ByteBuf header = Unpooled.buffer(AdtsHeader.LENGTH, AdtsHeader.LENGTH);
  private int count;
  private int bytes;
  private int frame;
  private int offset; // within the current frame's payload, once its header is out

  AdtsFrames(int capacity) {
    frames = new MediaUnit[capacity];
    configs = new AudioSpecificConfig[capacity];
  }

  int count() {
    return count;
  }

  boolean isFull() {
    return count == frames.length;
  }

  /** Size of the PES payload if {@code payloadBytes} more were added. */
  int bytesWith(int payloadBytes) {
    return bytes + AdtsHeader.LENGTH + payloadBytes;
  }

  MediaUnit first() {
    return frames[0];
  }

  void add(MediaUnit unit, AudioSpecificConfig config) {
    frames[count] = unit;
    configs[count] = config;
    count++;
    bytes += AdtsHeader.LENGTH + unit.payload().readableBytes();
  }

  @Override
  public int remaining() {
    return bytes;
  }

  @Override
  public void transferTo(ByteBuf out, int n) {
    while (n > 0) {
      ByteBuf payload = frames[frame].payload();
      if (offset == 0 && header.writerIndex() == 0) {
        AdtsHeader.write(configs[frame], payload.readableBytes(), header);
      }
      int k;
      if (header.isReadable()) {
        k = Math.min(n, header.readableBytes());
        out.writeBytes(header, k);
      } else {
        k = Math.min(n, payload.readableBytes() - offset);
        out.writeBytes(payload, payload.readerIndex() + offset, k);
        offset += k;
        if (offset == payload.readableBytes()) {
          frame++;
          offset = 0;
          header.clear();
        }
      }
      n -= k;
      bytes -= k;
    }
  }

  /** Releases the held units and empties the batch. */
  void clear() {
    for (int i = 0; i < count; i++) {
      frames[i].release();
      frames[i] = null;
      configs[i] = null;
    }
    count = 0;
    bytes = 0;
    frame = 0;
    offset = 0;
    header.clear();
  }
}
