package dev.edgerelay.media.ts;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.codec.ParameterSets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** Units for muxer-to-demuxer round trips: 25 fps video with B-frame offsets, 48 kHz AAC, interleaved by DTS. */
final class TsRoundTrip {
  /** HEVC parameter sets: NAL headers of types 32, 33, 34, then arbitrary (emulation-free) bytes. */
  static final byte[] VPS = HexFormat.of().parseHex("40010c01ffff016000000300b0000003000003005dac09");
  static final byte[] HEVC_SPS = HexFormat.of().parseHex("420101016000000300b0000003000003005da00280802d165bab930bc04000000300400000065a");
  static final byte[] HEVC_PPS = HexFormat.of().parseHex("4401c172b46240");
  static final CodecConfig AVC = TsMuxerTest.AVC;
  static final CodecConfig HEVC = new CodecConfig(Codec.HEVC, ParameterSets.hevcRecord(VPS, HEVC_SPS, HEVC_PPS));
  static final int VIDEO_TICKS = 3_600;
  static final int AUDIO_TICKS = 1_920;
  static final int GOP = 25;

  private TsRoundTrip() {}

  static List<MediaUnit> units(Codec video, int videoFrames, int audioFrames) {
    List<MediaUnit> units = new ArrayList<>();
    for (int i = 0; i < videoFrames; i++) {
      boolean key = i % GOP == 0;
      long dts = (long) i * VIDEO_TICKS;
      long pts = dts + (i % 3 == 1 ? 2L * VIDEO_TICKS : 0); // a B-frame pattern: PTS ahead of DTS
      byte[] header = video == Codec.HEVC ? new byte[] {(byte) (key ? 0x26 : 0x02), 0x01} : new byte[] {(byte) (key ? 0x65 : 0x41)};
      ByteBuf payload = nal(header, key ? 6_000 : 300 + 37 * (i % 11), i);
      units.add(new MediaUnit(video, Timebase.MPEG_90K, dts, pts, key, video == Codec.HEVC ? HEVC : AVC, payload, 0));
    }
    for (int j = 0; j < audioFrames; j++) {
      long at = (long) j * AUDIO_TICKS;
      units.add(new MediaUnit(Codec.AAC, Timebase.MPEG_90K, at, at, true, TsDemuxerTest.AAC_48K,
          nal(new byte[] {0x21}, 150 + j % 50, j), 0));
    }
    units.sort(Comparator.comparingLong(MediaUnit::dts));
    return units;
  }

  /** One 4-byte length-prefixed NAL of {@code size} bytes with no zero byte (so no start code can appear inside). */
  static ByteBuf nal(byte[] header, int size, int seed) {
    ByteBuf b = Unpooled.buffer(size + 4).writeInt(size).writeBytes(header);
    for (int k = header.length; k < size; k++) {
      b.writeByte((k * 7 + seed) % 255 + 1);
    }
    return b;
  }

  /** What the demuxer must give back: each track in order, timestamps moved by the muxer's offset. */
  static List<String> expected(List<MediaUnit> in) {
    return lines(in, TsMuxer.TIMESTAMP_OFFSET_90K);
  }

  static List<String> describeByTrack(List<MediaUnit> out) {
    return lines(out, 0);
  }

  private static List<String> lines(List<MediaUnit> units, long offset) {
    List<String> lines = new ArrayList<>();
    for (Track track : Track.values()) {
      for (MediaUnit u : units) {
        if (u.track() == track) {
          lines.add(u.codec() + " " + (u.dts() + offset) + "/" + (u.pts() + offset) + (u.keyframe() ? " key " : " ")
              + ByteBufUtil.hexDump(u.payload()) + " " + u.config());
        }
      }
    }
    return lines;
  }

  static byte[] mux(TsProgram program, List<MediaUnit> units) {
    ByteBuf out = Unpooled.buffer();
    try (TsMuxer muxer = new TsMuxer(program, ByteBufAllocator.DEFAULT)) {
      muxer.writeTables(out);
      for (MediaUnit u : units) {
        muxer.write(u, out);
      }
      muxer.flush(out);
    }
    byte[] bytes = ByteBufUtil.getBytes(out);
    out.release();
    return bytes;
  }
}
