package dev.edgerelay.media.ts;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.codec.NalUnits;
import dev.edgerelay.media.codec.ParameterSets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * Turns the Annex B access unit of a video PES into a {@link MediaUnit} as the FLV side carries it
 * (ISO/IEC 14496-15): 4-byte length-prefixed NAL units, the parameter sets moved out into a decoder
 * configuration record built from the last VPS/SPS/PPS seen, and access unit delimiters dropped (FLV
 * frames need none). The record instance is kept while the sets do not change, so readers detect a
 * change by reference. IDR (H.264) or IRAP (HEVC) pictures mark keyframes.
 */
final class AnnexBUnitReader {
  private static final int LENGTH_PREFIX = 4;

  private final Codec codec;
  private final ByteBufAllocator alloc;
  private byte[] vps;
  private byte[] sps;
  private byte[] pps;
  private CodecConfig config;

  AnnexBUnitReader(Codec codec, ByteBufAllocator alloc) {
    this.codec = codec;
    this.alloc = alloc;
  }

  Codec codec() {
    return codec;
  }

  /** The unit of one PES, timestamps already unwrapped; null when it holds no picture (parameter sets only). */
  MediaUnit read(long dts, long pts, ByteBuf annexB) {
    ByteBuf avcc = NalUnits.annexBToAvcc(annexB, alloc);
    ByteBuf frame = alloc.buffer(avcc.readableBytes());
    boolean keyframe = false;
    boolean setsChanged = false;
    try {
      for (int i = avcc.readerIndex(); i < avcc.writerIndex(); ) {
        int length = avcc.getInt(i);
        int type = NalUnits.type(codec, avcc.getUnsignedByte(i + LENGTH_PREFIX));
        if (NalUnits.isParameterSet(codec, type)) {
          setsChanged |= remember(type, avcc, i + LENGTH_PREFIX, length);
        } else if (!NalUnits.isAccessUnitDelimiter(codec, type)) {
          keyframe |= NalUnits.isRandomAccess(codec, type);
          frame.writeBytes(avcc, i, LENGTH_PREFIX + length);
        }
        i += LENGTH_PREFIX + length;
      }
    } finally {
      avcc.release();
    }
    if (setsChanged) {
      config = buildConfig();
    }
    if (!frame.isReadable()) {
      frame.release();
      return null;
    }
    return new MediaUnit(codec, Timebase.MPEG_90K, dts, pts, keyframe, config, frame, 0);
  }

  /** Keeps a parameter set; true when it differs from the one held. */
  private boolean remember(int type, ByteBuf buf, int offset, int length) {
    byte[] nal = new byte[length];
    buf.getBytes(offset, nal);
    boolean isSps = type == (codec == Codec.HEVC ? NalUnits.HEVC_SPS : NalUnits.H264_SPS);
    boolean isVps = codec == Codec.HEVC && type == NalUnits.HEVC_VPS;
    byte[] held = isVps ? vps : isSps ? sps : pps;
    if (Arrays.equals(held, nal)) {
      return false;
    }
    if (isVps) {
      vps = nal;
    } else if (isSps) {
      sps = nal;
    } else {
      pps = nal;
    }
    return true;
  }

  /** The record once every set it needs was seen; an SPS too short to carry its profile bytes is no SPS. */
  private CodecConfig buildConfig() {
    if (sps == null || pps == null || sps.length < LENGTH_PREFIX) {
      return config;
    }
    if (codec == Codec.HEVC) {
      return vps == null ? config : new CodecConfig(codec, ParameterSets.hevcRecord(vps, sps, pps));
    }
    return new CodecConfig(codec, ParameterSets.avcRecord(sps, pps));
  }
}
