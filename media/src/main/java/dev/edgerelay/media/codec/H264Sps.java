package dev.edgerelay.media.codec;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;

/**
 * The fields of an H.264 sequence parameter set (ISO/IEC 14496-10 7.3.2.1.1, VUI E.1.1) the relay
 * reports: profile, level, displayed size after cropping, and frame rate when the VUI carries timing.
 *
 * @param frameRate frames per second from time_scale / (2 * num_units_in_tick), or 0 when absent
 */
public record H264Sps(int profileIdc, int levelIdc, int width, int height, double frameRate) {
  /** profile_idc values whose SPS carries chroma_format_idc and bit depths (7.3.2.1.1). */
  private static final int[] HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135};

  /**
   * The SPS of an H.264 decoder configuration, or null when the configuration is of another codec, carries no SPS
   * or a malformed one: callers use it for reports, where a size they cannot read is simply left out.
   */
  public static H264Sps ofConfig(CodecConfig config) {
    if (config == null || config.codec() != Codec.H264) {
      return null;
    }
    try {
      byte[] sps = ParameterSets.of(config).sps();
      return sps == null ? null : parse(sps);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Parses an SPS NAL (header byte included); throws IllegalArgumentException when malformed. */
  public static H264Sps parse(byte[] nal) {
    if (nal.length < 4 || NalUnits.type(Codec.H264, nal[0] & 0xFF) != NalUnits.H264_SPS) {
      throw new IllegalArgumentException("not an H.264 SPS");
    }
    RbspReader r = new RbspReader(nal, 1, nal.length - 1, true);
    int profile = (int) r.readBits(8);
    r.skipBits(8); // constraint_set flags, reserved_zero_2bits
    int level = (int) r.readBits(8);
    r.readUe(); // seq_parameter_set_id
    int chromaFormat = 1;
    boolean separateColourPlane = false;
    if (isHigh(profile)) {
      chromaFormat = r.readUe();
      if (chromaFormat == 3) {
        separateColourPlane = r.readFlag();
      }
      r.readUe(); // bit_depth_luma_minus8
      r.readUe(); // bit_depth_chroma_minus8
      r.readBit(); // qpprime_y_zero_transform_bypass_flag
      if (r.readFlag()) { // seq_scaling_matrix_present_flag
        for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
          if (r.readFlag()) {
            skipScalingList(r, i < 6 ? 16 : 64);
          }
        }
      }
    }
    r.readUe(); // log2_max_frame_num_minus4
    int pocType = r.readUe();
    if (pocType == 0) {
      r.readUe(); // log2_max_pic_order_cnt_lsb_minus4
    } else if (pocType == 1) {
      r.readBit(); // delta_pic_order_always_zero_flag
      r.readSe(); // offset_for_non_ref_pic
      r.readSe(); // offset_for_top_to_bottom_field
      int cycle = r.readUe();
      for (int i = 0; i < cycle; i++) {
        r.readSe();
      }
    }
    r.readUe(); // max_num_ref_frames
    r.readBit(); // gaps_in_frame_num_value_allowed_flag
    int widthMbs = r.readUe() + 1;
    int heightMapUnits = r.readUe() + 1;
    boolean frameMbsOnly = r.readFlag();
    if (!frameMbsOnly) {
      r.readBit(); // mb_adaptive_frame_field_flag
    }
    r.readBit(); // direct_8x8_inference_flag
    int cropLeft = 0;
    int cropRight = 0;
    int cropTop = 0;
    int cropBottom = 0;
    if (r.readFlag()) { // frame_cropping_flag
      cropLeft = r.readUe();
      cropRight = r.readUe();
      cropTop = r.readUe();
      cropBottom = r.readUe();
    }
    // 7.4.2.1.1: crop units depend on ChromaArrayType (Table 6-1 SubWidthC/SubHeightC)
    int chromaArrayType = separateColourPlane ? 0 : chromaFormat;
    int cropUnitX = chromaArrayType == 0 ? 1 : chromaArrayType == 3 ? 1 : 2;
    int cropUnitY = (chromaArrayType == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
    int width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
    int height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
    double frameRate = r.readFlag() ? vuiFrameRate(r) : 0; // vui_parameters_present_flag
    return new H264Sps(profile, level, width, height, frameRate);
  }

  private static double vuiFrameRate(RbspReader r) {
    if (r.readFlag()) { // aspect_ratio_info_present_flag
      if (r.readBits(8) == 255) { // aspect_ratio_idc == Extended_SAR
        r.skipBits(32); // sar_width, sar_height
      }
    }
    if (r.readFlag()) { // overscan_info_present_flag
      r.readBit(); // overscan_appropriate_flag
    }
    if (r.readFlag()) { // video_signal_type_present_flag
      r.skipBits(4); // video_format, video_full_range_flag
      if (r.readFlag()) { // colour_description_present_flag
        r.skipBits(24); // colour_primaries, transfer_characteristics, matrix_coefficients
      }
    }
    if (r.readFlag()) { // chroma_loc_info_present_flag
      r.readUe();
      r.readUe();
    }
    if (!r.readFlag()) { // timing_info_present_flag
      return 0;
    }
    long unitsInTick = r.readBits(32);
    long timeScale = r.readBits(32);
    return unitsInTick == 0 ? 0 : timeScale / (2.0 * unitsInTick); // E.2.1: a frame is two field ticks
  }

  private static void skipScalingList(RbspReader r, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size && next != 0; j++) { // 7.3.2.1.1.1
      next = (last + r.readSe() + 256) % 256;
      last = next == 0 ? last : next;
    }
  }

  private static boolean isHigh(int profile) {
    for (int p : HIGH_PROFILES) {
      if (p == profile) {
        return true;
      }
    }
    return false;
  }
}
