package dev.edgerelay.media.ts;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.codec.AdtsFrameHeader;
import dev.edgerelay.media.codec.AudioSpecificConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * Splits the ADTS stream of an audio PES into raw AAC frames (ISO/IEC 14496-3 1.A.2), one
 * {@link MediaUnit} each. The PES's PTS times its first frame; each following frame is one AAC frame
 * (1024 samples) later. The AudioSpecificConfig is derived from the ADTS header and kept while it
 * does not change.
 */
final class AdtsUnitReader {
  /** Samples in one AAC-LC frame (1.A.2: frame_length_flag 0). */
  static final int SAMPLES_PER_FRAME = 1024;

  private final ByteBufAllocator alloc;
  private AudioSpecificConfig current;
  private CodecConfig config;
  private long errors;

  AdtsUnitReader(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  /** PES payloads whose ADTS framing broke off before their end. */
  long errors() {
    return errors;
  }

  void read(long pts, ByteBuf adts, Consumer<MediaUnit> out) {
    int i = adts.readerIndex();
    int end = adts.writerIndex();
    for (int frame = 0; i < end; frame++) {
      AdtsFrameHeader header = AdtsFrameHeader.read(adts, i);
      if (header == null || header.frameLength() > end - i) {
        errors++; // the rest is not ADTS: nothing after a broken header can be found reliably
        return;
      }
      if (!header.config().equals(current)) {
        current = header.config();
        config = new CodecConfig(Codec.AAC, current.toBytes());
      }
      long at = pts + frame * (long) SAMPLES_PER_FRAME * Timebase.MPEG_90K.hz() / current.sampleRate();
      ByteBuf payload = alloc.buffer(header.payloadLength());
      payload.writeBytes(adts, i + header.headerLength(), header.payloadLength());
      out.accept(new MediaUnit(Codec.AAC, Timebase.MPEG_90K, at, at, true, config, payload, 0));
      i += header.frameLength();
    }
  }
}
