package dev.edgerelay.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AacTest {
  @Test
  void shouldParseLcConfig() {
    // 00010 (AOT 2, LC) 0100 (index 4, 44100 Hz) 0010 (2 channels) 000 (GASpecificConfig)
    AudioSpecificConfig asc = AudioSpecificConfig.parse(HexFormat.of().parseHex("1210"));
    assertThat(asc).isEqualTo(new AudioSpecificConfig(2, 4, 2));
    assertThat(asc.sampleRate()).isEqualTo(44_100);
    assertThat(asc.frameDuration90k()).isEqualTo(2089); // 1024 * 90000 / 44100
  }

  @Test
  void shouldKeepCoreLayerOfExplicitHeAac() {
    // 00101 (AOT 5, SBR) 0111 (22050 core) 0010 (stereo) 0100 (44100 SBR rate) 00010 (core AOT 2)
    assertThat(AudioSpecificConfig.parse(HexFormat.of().parseHex("2b920800")))
        .isEqualTo(new AudioSpecificConfig(2, 7, 2));
  }

  @Test
  void shouldRejectWhatAdtsCannotCarry() {
    // 00010 0100 0000: channelConfiguration 0 (PCE)
    assertThatThrownBy(() -> AudioSpecificConfig.parse(HexFormat.of().parseHex("1200")))
        .hasMessageContaining("channelConfiguration 0");
    assertThatThrownBy(() -> AudioSpecificConfig.parse(HexFormat.of().parseHex("12")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldBuildAdtsHeaderFieldByField() {
    ByteBuf out = Unpooled.buffer();
    AdtsHeader.write(new AudioSpecificConfig(2, 4, 2), 100, out);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo(String.join("",
        "ff", // syncword 1111 1111
        "f1", // syncword 1111, ID 0 (MPEG-4), layer 00, protection_absent 1
        "50", // profile 01 (LC), sampling index 0100, private 0, channel config bit 2 = 0
        "80", // channel config bits 10, original 0, home 0, copyright id 0, start 0, frame_length bits 12..11 = 00
        "0d", // frame_length bits 10..3: 107 = 0b000_0110_1011 -> 0000 1101
        "7f", // frame_length bits 2..0 = 011, buffer fullness 11111 (of 0x7FF, VBR)
        "fc")); // buffer fullness 111111, number_of_raw_data_blocks_in_frame 00
    out.release();
  }

  @Test
  void shouldRefuseFramesOverThirteenBitLength() {
    ByteBuf out = Unpooled.buffer();
    assertThatThrownBy(() -> AdtsHeader.write(new AudioSpecificConfig(2, 4, 2), AdtsHeader.MAX_PAYLOAD + 1, out))
        .isInstanceOf(IllegalArgumentException.class);
    out.release();
  }
}
