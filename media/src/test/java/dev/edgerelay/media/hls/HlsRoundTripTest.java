package dev.edgerelay.media.hls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.testing.EncodedStreams;
import dev.edgerelay.media.ts.SegmentInfo;
import dev.edgerelay.media.ts.SegmentSink;
import dev.edgerelay.media.ts.SegmenterOptions;
import dev.edgerelay.media.ts.TsMuxer;
import dev.edgerelay.media.ts.TsParser;
import dev.edgerelay.media.ts.TsProgram;
import dev.edgerelay.media.ts.TsSegmenter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg-encoded FLV -> our FLV mapper -> TS segmenter -> segments and a VOD playlist on disk ->
 * independent decoders (JavaCV's FFmpeg 8 in-process, and the Debian ffprobe/ffmpeg 5.1 CLI).
 */
class HlsRoundTripTest {
  @TempDir
  Path dir;

  @Test
  void shouldDecodeOpenH264PlaylistFrameForFrameWithJavaCv() throws Exception {
    Path flv = EncodedStreams.recordWithJavaCv(dir.resolve("cam.flv"), 150, 25, 320, 240);
    Source source = segment(flv, Codec.H264);
    assertThat(source.segments).hasSizeGreaterThanOrEqualTo(3);
    avutil.av_log_set_level(avutil.AV_LOG_ERROR); // keep FFmpeg's per-segment "Opening ..." lines out of the build log
    List<Long> decoded = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(dir.resolve("index.m3u8").toFile())) {
      grabber.start();
      for (Frame f; (f = grabber.grabImage()) != null; ) {
        decoded.add(f.timestamp);
      }
      grabber.stop();
    }
    assertThat(decoded).hasSize(source.videoPts.size());
    assertSegmentDurationsCoverTheStream(source);
    long first = decoded.get(0);
    for (int i = 0; i < decoded.size(); i++) {
      long expectedMicros = (source.videoPts.get(i) - source.videoPts.get(0)) * 1_000_000 / 90_000;
      assertThat(decoded.get(i) - first).as("frame %d", i).isCloseTo(expectedMicros, org.assertj.core.api.Assertions.within(12L));
    }
  }

  @Test
  @Tag("interop")
  void shouldProbeX264BFramePlaylistWithoutWarningsSamePtsSequence() throws Exception {
    EncodedStreams.assumeDebianFfmpeg();
    Path flv = EncodedStreams.recordWithFfmpegCli(dir.resolve("x264.flv"), 10);
    Source source = segment(flv, Codec.H264);
    verifyWithCli(source);
  }

  @Test
  @Tag("interop")
  void shouldProbeOpenH264PlaylistWithoutWarnings() throws Exception {
    EncodedStreams.assumeDebianFfmpeg();
    Source source = segment(EncodedStreams.recordWithJavaCv(dir.resolve("cam.flv"), 150, 25, 320, 240), Codec.H264);
    verifyWithCli(source);
  }

  private void verifyWithCli(Source source) throws Exception {
    assertSegmentDurationsCoverTheStream(source);
    Path playlist = dir.resolve("index.m3u8");
    Result probe = run(EncodedStreams.FFPROBE.toString(), "-v", "warning", "-select_streams", "v:0",
        "-show_entries", "packet=pts", "-of", "csv=p=0", playlist.toString());
    assertThat(probe.stderr).as("ffprobe warnings").isEmpty();
    List<Long> pts = probe.stdout.lines().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.trim().replace(",", ""))).toList();
    assertThat(pts).hasSize(source.videoPts.size());
    for (int i = 0; i < pts.size(); i++) {
      assertThat(pts.get(i)).as("packet %d", i).isCloseTo(source.videoPts.get(i), org.assertj.core.api.Assertions.within(1L));
    }
    Result audio = run(EncodedStreams.FFPROBE.toString(), "-v", "warning", "-select_streams", "a:0",
        "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", playlist.toString());
    assertThat(audio.stderr).isEmpty();
    // ffprobe lists the stream once per program and once on its own: both lines carry the count
    assertThat(audio.stdout.lines().filter(l -> !l.isBlank()).map(l -> Integer.parseInt(l.replace(",", "").trim())))
        .isNotEmpty().allMatch(n -> n == source.audioUnits);
    Result decode = run(EncodedStreams.FFMPEG.toString(), "-v", "warning", "-i", playlist.toString(), "-f", "null", "-");
    assertThat(decode.stderr + decode.stdout).as("decoder warnings").isEmpty();
    Result debug = run(EncodedStreams.FFPROBE.toString(), "-v", "debug", "-count_packets", playlist.toString());
    assertThat(debug.stderr).as("FFmpeg logs continuity errors at debug level").doesNotContain("Continuity check failed");
  }

  /** Durations come from timestamps: together they span every frame (25 fps here), within one frame. */
  private static void assertSegmentDurationsCoverTheStream(Source source) {
    double total = source.segments.stream().mapToDouble(Double::doubleValue).sum();
    assertThat(total).isCloseTo(source.videoPts.size() / 25.0, org.assertj.core.api.Assertions.within(0.04));
  }

  /** Maps the FLV, segments it (2 s target) and writes segments plus index.m3u8 into {@link #dir}. */
  private Source segment(Path flv, Codec codec) throws IOException {
    List<MediaUnit> units = EncodedStreams.readUnits(flv);
    Source source = new Source();
    boolean started = false; // the segmenter drops what precedes the first keyframe
    for (MediaUnit u : units) {
      started |= u.track() == Track.VIDEO && u.keyframe();
      if (started && u.track() == Track.VIDEO) {
        source.videoPts.add(TsMuxer.pts90k(u));
      } else if (started) {
        source.audioUnits++;
      }
    }
    DirectorySink sink = new DirectorySink(dir);
    try (TsSegmenter segmenter = new TsSegmenter(new TsProgram(codec, true), new SegmenterOptions(),
        ByteBufAllocator.DEFAULT, sink)) {
      units.forEach(segmenter::accept);
      segmenter.finish();
    }
    List<PlaylistSegment> lines = new ArrayList<>();
    for (SegmentInfo info : sink.finished) {
      String name = "seg" + info.sequence() + ".ts";
      byte[] ts = Files.readAllBytes(dir.resolve(name));
      assertThat(ts).hasSize((int) info.sizeBytes());
      assertThat(TsParser.parse(ts).continuityErrors).isZero();
      lines.add(PlaylistSegment.of(info, name));
      source.segments.add(info.durationSeconds());
    }
    Files.writeString(dir.resolve("index.m3u8"), PlaylistWriter.write(MediaPlaylist.vod(lines)));
    return source;
  }

  /**
   * The recorder's way of using the segmenter: chunks go straight to {@code seg{n}.ts.part}, renamed when the
   * segment closes (blocking I/O is fine in a test; the recorder runs this on a worker).
   */
  private static final class DirectorySink implements SegmentSink {
    final List<SegmentInfo> finished = new ArrayList<>();
    private final Path dir;
    private FileChannel channel;
    private Path part;

    DirectorySink(Path dir) {
      this.dir = dir;
    }

    @Override
    public void open(long sequence) {
      part = dir.resolve("seg" + sequence + ".ts.part");
      try {
        channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void write(ByteBuf chunk) {
      try {
        while (chunk.isReadable()) {
          chunk.readBytes(channel, chunk.readableBytes());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        chunk.release();
      }
    }

    @Override
    public void close(SegmentInfo info) {
      try {
        channel.close();
        Files.move(part, dir.resolve("seg" + info.sequence() + ".ts"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      finished.add(info);
    }

    @Override
    public void abort() {
      try {
        channel.close();
        Files.deleteIfExists(part);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class Source {
    final List<Long> videoPts = new ArrayList<>();
    final List<Double> segments = new ArrayList<>();
    int audioUnits;
  }

  private record Result(String stdout, String stderr) {
  }

  private static Result run(String... command) throws Exception {
    Path err = Files.createTempFile("stderr", ".txt");
    try {
      Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      return new Result(out, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
