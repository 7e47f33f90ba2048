package dev.edgerelay.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** SPS fixtures written by x264 (Debian ffmpeg 5.1); they contain emulation prevention bytes (00 00 03). */
class H264SpsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // name, SPS NAL, profile_idc, level_idc, width, height, frame rate
      "High 1080p30 (bottom crop 8), 67640028acd940780227e5c044000003000400000300f03c60c658, 100, 40, 1920, 1080, 30.0",
      "Baseline 720p25 (no crop), 6742c01fd9005005bb011000000300100000030320f1832480, 66, 31, 1280, 720, 25.0",
      "Main 360p23.976 (bottom crop 8), 674d401eeca05017fcb808800001f480005dc0078b16cb, 77, 30, 640, 360, 23.976023976023978",
  })
  void shouldParseProfileLevelCroppedSizeAndVuiFrameRate(String name, String hex, int profile, int level,
      int width, int height, double fps) {
    H264Sps sps = H264Sps.parse(HexFormat.of().parseHex(hex));
    assertThat(sps).isEqualTo(new H264Sps(profile, level, width, height, fps));
  }

  @Test
  void shouldRejectTruncatedSps() {
    assertThatThrownBy(() -> H264Sps.parse(HexFormat.of().parseHex("67640028acd9")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> H264Sps.parse(HexFormat.of().parseHex("68ebe3cb22c0"))) // a PPS
        .hasMessageContaining("not an H.264 SPS");
  }

  @Test
  void shouldReadParameterSetsBackFromABuiltRecord() {
    byte[] sps = HexFormat.of().parseHex("6742c01fd9005005bb011000000300100000030320f1832480");
    byte[] pps = HexFormat.of().parseHex("68cb83cb20");
    ParameterSets sets = ParameterSets.of(new CodecConfig(Codec.H264,
        ParameterSets.avcRecord(sps, pps)));
    assertThat(sets.nalUnits()).containsExactly(sps, pps);
    assertThat(sets.sps()).isEqualTo(sps);
  }

  @Test
  void shouldReadTheSpsOfAnAvcConfigurationAndNothingOfAnotherCodecOrABrokenOne() {
    byte[] sps = HexFormat.of().parseHex("6742c01fd9005005bb011000000300100000030320f1832480");
    byte[] pps = HexFormat.of().parseHex("68cb83cb20");

    H264Sps parsed = H264Sps.ofConfig(new CodecConfig(Codec.H264, ParameterSets.avcRecord(sps, pps)));

    assertThat(parsed).isEqualTo(new H264Sps(66, 31, 1280, 720, 25.0));
    assertThat(H264Sps.ofConfig(null)).isNull();
    assertThat(H264Sps.ofConfig(new CodecConfig(Codec.AAC, new byte[] {0x12, 0x10}))).isNull();
    assertThat(H264Sps.ofConfig(new CodecConfig(Codec.H264, ParameterSets.avcRecord(
        HexFormat.of().parseHex("67640028acd9"), pps)))).as("a truncated SPS is left out").isNull();
  }
}
