package dev.edgerelay.media.codec;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameter-set NAL units (VPS, SPS, PPS) held in a video decoder configuration record:
 * AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1) or HEVCDecoderConfigurationRecord (8.3.3.1).
 * The TS muxer writes them before each IDR whose access unit does not repeat them.
 */
public record ParameterSets(Codec codec, List<byte[]> nalUnits) {
  /** HEVCDecoderConfigurationRecord fields before numOfArrays. */
  private static final int HEVC_RECORD_HEAD = 22;
  /** AVCDecoderConfigurationRecord fields before numOfSequenceParameterSets. */
  private static final int AVC_RECORD_HEAD = 5;

  public ParameterSets {
    nalUnits = List.copyOf(nalUnits);
  }

  /** Parses the record of a video config; throws IllegalArgumentException when it is truncated or not video. */
  public static ParameterSets of(CodecConfig config) {
    byte[] r = config.record();
    try {
      return switch (config.codec()) {
        case H264 -> new ParameterSets(Codec.H264, avc(r));
        case HEVC -> new ParameterSets(Codec.HEVC, hevc(r));
        case AAC -> throw new IllegalArgumentException("AAC has no parameter sets");
      };
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(config.codec() + " decoder configuration record is truncated", e);
    }
  }

  /** The first SPS, or null when the record holds none. */
  public byte[] sps() {
    int type = codec == Codec.HEVC ? NalUnits.HEVC_SPS : NalUnits.H264_SPS;
    return nalUnits.stream().filter(n -> NalUnits.type(codec, n[0] & 0xFF) == type).findFirst().orElse(null);
  }

  private static List<byte[]> avc(byte[] r) {
    List<byte[]> out = new ArrayList<>();
    int pos = AVC_RECORD_HEAD;
    int numSps = r[pos++] & 0x1F;
    pos = readNals(r, pos, numSps, out);
    int numPps = r[pos++] & 0xFF;
    readNals(r, pos, numPps, out);
    return out;
  }

  private static List<byte[]> hevc(byte[] r) {
    List<byte[]> out = new ArrayList<>();
    int pos = HEVC_RECORD_HEAD;
    int arrays = r[pos++] & 0xFF;
    for (int a = 0; a < arrays; a++) {
      pos++; // array_completeness, reserved, NAL_unit_type
      int count = ((r[pos] & 0xFF) << 8) | (r[pos + 1] & 0xFF);
      pos = readNals(r, pos + 2, count, out);
    }
    return out;
  }

  private static int readNals(byte[] r, int pos, int count, List<byte[]> out) {
    for (int i = 0; i < count; i++) {
      int len = ((r[pos] & 0xFF) << 8) | (r[pos + 1] & 0xFF);
      pos += 2;
      if (len == 0 || pos + len > r.length) {
        throw new IndexOutOfBoundsException("parameter set overruns the record");
      }
      byte[] nal = new byte[len];
      System.arraycopy(r, pos, nal, 0, len);
      out.add(nal);
      pos += len;
    }
    return pos;
  }

  /** Builds an AVCDecoderConfigurationRecord (4-byte NAL lengths) from one SPS and one PPS. */
  public static byte[] avcRecord(byte[] sps, byte[] pps) {
    byte[] r = new byte[AVC_RECORD_HEAD + 1 + 2 + sps.length + 1 + 2 + pps.length];
    r[0] = 1; // configurationVersion
    r[1] = sps[1]; // AVCProfileIndication
    r[2] = sps[2]; // profile_compatibility
    r[3] = sps[3]; // AVCLevelIndication
    r[4] = (byte) 0xFF; // reserved 111111, lengthSizeMinusOne 3
    r[5] = (byte) 0xE1; // reserved 111, numOfSequenceParameterSets 1
    int pos = put(r, 6, sps);
    r[pos++] = 1; // numOfPictureParameterSets
    put(r, pos, pps);
    return r;
  }

  /**
   * Builds an HEVCDecoderConfigurationRecord (14496-15 8.3.3.1, 4-byte NAL lengths) from one VPS, SPS and
   * PPS, as an MPEG-TS demuxer must for FLV. Profile, tier, level, chroma format and bit depths are read
   * from the SPS (H.265 7.3.2.2); when the SPS is too short for them, 4:2:0 8-bit is assumed, which is
   * what decoders re-derive from the SPS anyway.
   */
  public static byte[] hevcRecord(byte[] vps, byte[] sps, byte[] pps) {
    HevcSpsHead head = HevcSpsHead.parse(sps);
    int arrays = 3;
    byte[] r = new byte[HEVC_RECORD_HEAD + 1 + arrays * 3 + 2 * arrays + vps.length + sps.length + pps.length];
    r[0] = 1; // configurationVersion
    System.arraycopy(head.profileTierLevel(), 0, r, 1, HevcSpsHead.PTL_BYTES); // profile space..level_idc
    r[13] = (byte) 0xF0; // reserved 1111, min_spatial_segmentation_idc 0 (12 bits)
    r[14] = 0;
    r[15] = (byte) 0xFC; // reserved 111111, parallelismType 0 (unknown)
    r[16] = (byte) (0xFC | head.chromaFormat());
    r[17] = (byte) (0xF8 | head.bitDepthLumaMinus8());
    r[18] = (byte) (0xF8 | head.bitDepthChromaMinus8());
    r[19] = 0; // avgFrameRate 0: unspecified
    r[20] = 0;
    r[21] = (byte) (head.temporalLayers() << 3 | (head.temporalIdNested() ? 0x04 : 0) | 0x03); // cfr 0, lengthSizeMinusOne 3
    r[22] = (byte) arrays; // numOfArrays
    int pos = HEVC_RECORD_HEAD + 1;
    pos = putArray(r, pos, NalUnits.HEVC_VPS, vps);
    pos = putArray(r, pos, NalUnits.HEVC_SPS, sps);
    putArray(r, pos, NalUnits.HEVC_PPS, pps);
    return r;
  }

  private static int putArray(byte[] r, int pos, int nalType, byte[] nal) {
    r[pos] = (byte) (0x80 | nalType); // array_completeness 1: every set of this type is in the record
    r[pos + 1] = 0; // numNalus 1
    r[pos + 2] = 1;
    return put(r, pos + 3, nal);
  }

  private static int put(byte[] r, int pos, byte[] nal) {
    r[pos] = (byte) (nal.length >> 8);
    r[pos + 1] = (byte) nal.length;
    System.arraycopy(nal, 0, r, pos + 2, nal.length);
    return pos + 2 + nal.length;
  }
}
