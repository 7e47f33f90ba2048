package dev.edgerelay.media.codec;

/**
 * The leading fields of an HEVC SPS (H.265 7.3.2.2.1) that an HEVCDecoderConfigurationRecord repeats:
 * the general profile_tier_level bytes (7.3.3), sub-layer count, chroma format and bit depths.
 *
 * @param profileTierLevel general_profile_space .. general_level_idc, {@link #PTL_BYTES} bytes as coded
 */
record HevcSpsHead(byte[] profileTierLevel, int temporalLayers, boolean temporalIdNested, int chromaFormat,
    int bitDepthLumaMinus8, int bitDepthChromaMinus8) {
  /** General profile, tier and level: 2+1+5 bits, 32 compatibility flags, 48 constraint bits, 8 bits of level. */
  static final int PTL_BYTES = 12;
  private static final int NAL_HEADER_BYTES = 2;
  /** Bits of sub_layer profile (88) and level (8) data per sub-layer that has them (7.3.3). */
  private static final int SUB_LAYER_PROFILE_BITS = 88;
  private static final int SUB_LAYER_LEVEL_BITS = 8;
  private static final int MAX_SUB_LAYERS = 8;
  private static final int CHROMA_420 = 1;

  /** Parses what it can; a truncated SPS keeps 4:2:0 8-bit defaults after whatever was read. */
  static HevcSpsHead parse(byte[] sps) {
    byte[] ptl = new byte[PTL_BYTES];
    int layers = 1;
    boolean nested = false;
    int chroma = CHROMA_420;
    int luma = 0;
    int chromaDepth = 0;
    try {
      RbspReader r = new RbspReader(sps, NAL_HEADER_BYTES, sps.length - NAL_HEADER_BYTES, true);
      r.skipBits(4); // sps_video_parameter_set_id
      int maxSubLayersMinus1 = (int) r.readBits(3);
      layers = maxSubLayersMinus1 + 1;
      nested = r.readFlag();
      for (int i = 0; i < PTL_BYTES; i++) {
        ptl[i] = (byte) r.readBits(8);
      }
      boolean[] profilePresent = new boolean[maxSubLayersMinus1];
      boolean[] levelPresent = new boolean[maxSubLayersMinus1];
      for (int i = 0; i < maxSubLayersMinus1; i++) {
        profilePresent[i] = r.readFlag();
        levelPresent[i] = r.readFlag();
      }
      if (maxSubLayersMinus1 > 0) {
        r.skipBits(2 * (MAX_SUB_LAYERS - maxSubLayersMinus1)); // reserved_zero_2bits
      }
      for (int i = 0; i < maxSubLayersMinus1; i++) {
        r.skipBits((profilePresent[i] ? SUB_LAYER_PROFILE_BITS : 0) + (levelPresent[i] ? SUB_LAYER_LEVEL_BITS : 0));
      }
      r.readUe(); // sps_seq_parameter_set_id
      chroma = r.readUe();
      if (chroma == 3) {
        r.readBit(); // separate_colour_plane_flag
      }
      r.readUe(); // pic_width_in_luma_samples
      r.readUe(); // pic_height_in_luma_samples
      if (r.readFlag()) { // conformance_window_flag: four offsets
        r.readUe();
        r.readUe();
        r.readUe();
        r.readUe();
      }
      luma = r.readUe();
      chromaDepth = r.readUe();
    } catch (IllegalArgumentException e) {
      // a short SPS: keep what was read and the defaults for the rest
    }
    return new HevcSpsHead(ptl, Math.min(layers, 7), nested, chroma & 0x03, luma & 0x07, chromaDepth & 0x07);
  }
}
