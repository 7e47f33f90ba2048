package dev.edgerelay.recorder.testing;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.codec.ParameterSets;
import dev.edgerelay.media.ts.SegmentSink;
import dev.edgerelay.media.ts.SegmenterOptions;
import dev.edgerelay.media.ts.TsProgram;
import dev.edgerelay.media.ts.TsSegmenter;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;

/** Feeds a TS segmenter synthetic H.264 + AAC units (25 fps, GOP of 1 s): bytes that parse, not pictures. */
public final class SyntheticRecording {
  static final byte[] SPS = HexFormat.of().parseHex("6742c01fd9005005bb011000000300100000030320f1832480");
  static final byte[] PPS = HexFormat.of().parseHex("68cb83cb20");
  public static final CodecConfig AVC = new CodecConfig(Codec.H264, ParameterSets.avcRecord(SPS, PPS));
  public static final CodecConfig AAC = new CodecConfig(Codec.AAC, HexFormat.of().parseHex("1210"));
  public static final int FRAME_MILLIS = 40;

  private SyntheticRecording() {}

  public static TsSegmenter segmenter(SegmentSink sink, long targetMillis) {
    return new TsSegmenter(new TsProgram(Codec.H264, true),
        new SegmenterOptions().setTargetDuration90k(targetMillis * 90).setMaxDuration90k(targetMillis * 90 * 3),
        ByteBufAllocator.DEFAULT, sink);
  }

  /** {@code frames} video frames from {@code startMillis} (media time), a keyframe every 25, audio between. */
  public static void feed(TsSegmenter s, long startMillis, int frames, int frameBytes) {
    long audio = startMillis;
    for (int i = 0; i < frames; i++) {
      long t = startMillis + (long) i * FRAME_MILLIS;
      while (audio <= t) {
        s.accept(unit(Codec.AAC, audio, true, AAC, new byte[] {0x21, 0, 0, 0, 0, 0, 0, 0}));
        audio += 23;
      }
      byte[] nal = new byte[4 + frameBytes];
      nal[0] = (byte) (frameBytes >>> 24);
      nal[1] = (byte) (frameBytes >>> 16);
      nal[2] = (byte) (frameBytes >>> 8);
      nal[3] = (byte) frameBytes;
      Arrays.fill(nal, 5, nal.length, (byte) 0xAA);
      boolean key = i % 25 == 0;
      nal[4] = (byte) (key ? 0x65 : 0x41);
      s.accept(unit(Codec.H264, t, key, AVC, nal));
    }
  }

  private static MediaUnit unit(Codec codec, long millis, boolean key, CodecConfig config, byte[] payload) {
    return new MediaUnit(codec, Timebase.MILLIS, millis, millis, key, config, Unpooled.wrappedBuffer(payload), 0);
  }
}
