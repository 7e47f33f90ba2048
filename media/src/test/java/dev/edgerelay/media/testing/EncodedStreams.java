package dev.edgerelay.media.testing;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.flv.FlvDecoder;
import dev.edgerelay.media.flv.FlvTag;
import dev.edgerelay.media.flv.FlvUnitMapper;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Assumptions;

/** Real encoded streams for round-trip tests: FLV files written by FFmpeg, read back as units. */
public final class EncodedStreams {
  public static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
  public static final Path FFPROBE = Path.of("/usr/bin/ffprobe");
  private static final int SAMPLE_RATE = 44_100;

  private EncodedStreams() {
  }

  /** Skips the calling test, with the reason printed, when the Debian ffmpeg/ffprobe CLI is absent (CI machines). */
  public static void assumeDebianFfmpeg() {
    boolean present = Files.isExecutable(FFMPEG) && Files.isExecutable(FFPROBE);
    if (!present) {
      System.out.println("skipped: Debian ffmpeg/ffprobe not installed (" + FFMPEG + ", " + FFPROBE + ")");
    }
    Assumptions.assumeTrue(present, "Debian ffmpeg/ffprobe not installed: " + FFMPEG + ", " + FFPROBE);
  }

  /**
   * What the Debian CLI prints at {@code -v warning} while decoding {@code seconds} of {@code input} (a URL or file)
   * to nothing: empty when the source gave it no reason to complain. Callers check {@link #FFMPEG} exists.
   */
  public static String ffmpegWarnings(String input, int seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(FFMPEG.toString(), "-v", "warning", "-nostdin", "-i", input,
        "-t", Integer.toString(seconds), "-f", "null", "-").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ffmpeg failed: " + out);
    }
    return out;
  }

  /** Encodes {@code frames} frames of a moving pattern (libopenh264) and a tone (aac) at {@code fps} into an FLV file. */
  public static Path recordWithJavaCv(Path file, int frames, int fps, int width, int height) throws IOException {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 1)) {
      recorder.setFormat("flv");
      recorder.setVideoCodecName("libopenh264");
      recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
      recorder.setFrameRate(fps);
      recorder.setGopSize(fps);
      recorder.setVideoBitrate(800_000);
      recorder.setSampleRate(SAMPLE_RATE);
      recorder.setAudioChannels(1);
      recorder.start();
      Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      int samplesPerFrame = SAMPLE_RATE / fps;
      short[] samples = new short[samplesPerFrame];
      for (int i = 0; i < frames; i++) {
        paint((ByteBuffer) frame.image[0], frame.imageStride, width, height, i);
        recorder.record(frame);
        for (int s = 0; s < samplesPerFrame; s++) {
          samples[s] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (i * samplesPerFrame + s) / SAMPLE_RATE));
        }
        recorder.recordSamples(SAMPLE_RATE, 1, ShortBuffer.wrap(samples));
      }
      recorder.stop();
    }
    return file;
  }

  /** x264 High profile with B-frames and AAC through the Debian CLI (callers check {@link #FFMPEG} exists). */
  public static Path recordWithFfmpegCli(Path file, int seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(FFMPEG.toString(), "-y", "-v", "error",
        "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-f", "lavfi", "-i", "sine",
        "-c:v", "libx264", "-profile:v", "high", "-bf", "2", "-g", "50", "-preset", "veryfast",
        "-c:a", "aac", "-t", Integer.toString(seconds), file.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ffmpeg failed: " + out);
    }
    return file;
  }

  /** Reads an FLV file through {@link FlvDecoder} and {@link FlvUnitMapper}; the caller releases the units. */
  public static List<MediaUnit> readUnits(Path flv) throws IOException {
    EmbeddedChannel channel = new EmbeddedChannel(new FlvDecoder());
    channel.writeInbound(Unpooled.wrappedBuffer(Files.readAllBytes(flv)));
    FlvUnitMapper mapper = new FlvUnitMapper(flv.getFileName().toString(), ByteBufAllocator.DEFAULT);
    List<MediaUnit> units = new ArrayList<>();
    for (Object o; (o = channel.readInbound()) != null; ) {
      FlvTag tag = (FlvTag) o;
      MediaUnit unit = mapper.map(tag, 1_700_000_000_000L + tag.timestamp());
      tag.release();
      if (unit != null) {
        units.add(unit);
      }
    }
    channel.finishAndReleaseAll();
    return units;
  }

  /**
   * Decodes the first video stream of {@code file} with the ffprobe CLI (callers check {@link #FFPROBE} exists,
   * see {@link #assumeDebianFfmpeg}): the frames it read; fails when it exits non-zero or reports any error.
   */
  public static long decodedVideoFrames(Path file) throws IOException, InterruptedException {
    Path errors = Files.createTempFile("ffprobe", ".err");
    try {
      Process p = new ProcessBuilder(FFPROBE.toString(), "-v", "error", "-count_frames", "-select_streams", "v:0",
          "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString())
          .redirectError(errors.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("ffprobe failed on " + file + ": " + Files.readString(errors));
      }
      String reported = Files.readString(errors);
      if (!reported.isBlank()) {
        throw new AssertionError("ffprobe reports errors decoding " + file + ": " + reported);
      }
      return Long.parseLong(out.lines().findFirst().orElseThrow().trim()); // TS: listed under its program too
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  private static void paint(ByteBuffer bgr, int stride, int width, int height, int frame) {
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * stride + x * 3;
        bgr.put(i, (byte) (x + frame * 4));
        bgr.put(i + 1, (byte) (y + frame * 2));
        bgr.put(i + 2, (byte) ((x / 16 + y / 16 + frame) % 2 == 0 ? 230 : 30));
      }
    }
  }
}
