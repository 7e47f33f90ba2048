package dev.edgerelay.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.codec.NalUnits;
import dev.edgerelay.media.codec.ParameterSets;
import dev.edgerelay.media.testing.EncodedStreams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEVC (stream_type 0x24) through the muxer: x265 access units with their AUDs and parameter sets
 * stripped, so the muxer must add its own AUD and the VPS/SPS/PPS from the HEVCDecoderConfigurationRecord.
 */
@Tag("interop")
class HevcTsInteropTest {
  private static final int FRAMES = 60;

  @TempDir
  Path dir;

  @Test
  void shouldMuxHevcThatFfmpegDecodesWithoutWarnings() throws Exception {
    EncodedStreams.assumeDebianFfmpeg();
    Path hevc = dir.resolve("in.hevc");
    run(EncodedStreams.FFMPEG.toString(), "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
        "-frames:v", Integer.toString(FRAMES), "-c:v", "libx265",
        "-x265-params", "aud=1:bframes=0:keyint=25:repeat-headers=1:log-level=error", "-f", "hevc", hevc.toString());
    List<List<byte[]>> accessUnits = accessUnits(Files.readAllBytes(hevc));
    assertThat(accessUnits).hasSize(FRAMES);
    List<byte[]> parameterSets = accessUnits.get(0).stream()
        .filter(n -> NalUnits.isParameterSet(Codec.HEVC, NalUnits.type(Codec.HEVC, n[0] & 0xFF))).toList();
    CodecConfig config = new CodecConfig(Codec.HEVC, hevcRecord(parameterSets));
    assertThat(ParameterSets.of(config).nalUnits()).hasSize(3);

    ByteArrayOutputStream ts = new ByteArrayOutputStream();
    try (TsMuxer muxer = new TsMuxer(new TsProgram(Codec.HEVC, false), ByteBufAllocator.DEFAULT)) {
      ByteBuf out = Unpooled.buffer();
      muxer.writeTables(out);
      for (int i = 0; i < accessUnits.size(); i++) {
        ByteBuf payload = Unpooled.buffer();
        boolean key = false;
        for (byte[] nal : accessUnits.get(i)) {
          int type = NalUnits.type(Codec.HEVC, nal[0] & 0xFF);
          key |= NalUnits.isRandomAccess(Codec.HEVC, type);
          if (!NalUnits.isParameterSet(Codec.HEVC, type) && !NalUnits.isAccessUnitDelimiter(Codec.HEVC, type)) {
            payload.writeInt(nal.length).writeBytes(nal);
          }
        }
        muxer.write(new MediaUnit(Codec.HEVC, Timebase.MILLIS, i * 40L, i * 40L, key, config, payload, 0), out);
      }
      ts.writeBytes(ByteBufUtil.getBytes(out));
      out.release();
    }
    Path file = dir.resolve("out.ts");
    Files.write(file, ts.toByteArray());
    String probe = run(EncodedStreams.FFPROBE.toString(), "-v", "warning", "-count_frames", "-show_entries",
        "stream=codec_name,nb_read_frames", "-of", "csv=p=0", file.toString());
    // the stream is listed under its program and on its own
    assertThat(probe.lines().filter(l -> !l.isBlank()).distinct()).containsExactly("hevc," + FRAMES);
    assertThat(run(EncodedStreams.FFMPEG.toString(), "-v", "warning", "-i", file.toString(), "-f", "null", "-")).isEmpty();
  }

  /** Splits an Annex B stream into access units at each AUD (x265 aud=1). */
  private static List<List<byte[]>> accessUnits(byte[] annexB) {
    ByteBuf avcc = NalUnits.annexBToAvcc(Unpooled.wrappedBuffer(annexB), ByteBufAllocator.DEFAULT);
    List<List<byte[]>> units = new ArrayList<>();
    NalUnits.forEach(avcc, (buf, offset, length) -> {
      byte[] nal = ByteBufUtil.getBytes(buf, offset, length);
      if (NalUnits.isAccessUnitDelimiter(Codec.HEVC, NalUnits.type(Codec.HEVC, nal[0] & 0xFF)) || units.isEmpty()) {
        units.add(new ArrayList<>());
      }
      units.get(units.size() - 1).add(nal);
    });
    avcc.release();
    return units;
  }

  /** A HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1) holding one array per parameter set. */
  private static byte[] hevcRecord(List<byte[]> sets) {
    ByteArrayOutputStream r = new ByteArrayOutputStream();
    r.write(1); // configurationVersion
    r.writeBytes(new byte[20]); // profile/tier/level, compatibility and constraint flags, min spatial segmentation, parallelism, formats: unused by the muxer
    r.write(0x0F); // constantFrameRate 0, numTemporalLayers 1, temporalIdNested 1, lengthSizeMinusOne 3
    r.write(sets.size()); // numOfArrays
    for (byte[] nal : sets) {
      r.write(0x80 | NalUnits.type(Codec.HEVC, nal[0] & 0xFF)); // array_completeness 1, NAL_unit_type
      r.write(0);
      r.write(1); // numNalus
      r.write(nal.length >> 8);
      r.write(nal.length & 0xFF);
      r.writeBytes(nal);
    }
    return r.toByteArray();
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
