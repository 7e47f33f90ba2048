package dev.edgerelay.sim.camera;

import dev.edgerelay.sim.SimOptions;
import java.io.OutputStream;
import java.nio.ShortBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Encodes the test pattern and a tone to FLV (H.264 by libopenh264, the LGPL build's encoder; AAC by FFmpeg's
 * own encoder) into an {@link OutputStream}. Each {@link #encodeFrame} adds one picture and the audio samples
 * of one frame interval, so audio and video stay in step. Not thread-safe: one encoding thread uses it.
 */
final class PatternEncoder implements AutoCloseable {
  /** 44.1 kHz: the highest FLV's SoundRate field names (FLV spec E.4.2.1), mono. */
  static final int SAMPLE_RATE = 44_100;
  static final int AUDIO_BITRATE = 64_000;
  /** A 1 kHz tone, the test-signal tradition; quiet so nobody is startled. */
  static final double TONE_HZ = 1000;
  static final double TONE_AMPLITUDE = 0.2 * Short.MAX_VALUE;

  private final FFmpegFrameRecorder recorder;
  private final Java2DFrameConverter converter = new Java2DFrameConverter();
  private final TestPattern pattern;
  private final int fps;
  private final short[] samples;
  private long samplesWritten;

  PatternEncoder(SimOptions options, OutputStream out) throws FrameRecorder.Exception {
    fps = options.cameraFps();
    pattern = new TestPattern(options.cameraWidth(), options.cameraHeight());
    samples = new short[SAMPLE_RATE / fps + 1];
    recorder = new FFmpegFrameRecorder(out, options.cameraWidth(), options.cameraHeight(), 1);
    recorder.setFormat("flv");
    recorder.setVideoCodecName("libopenh264");
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    recorder.setGopSize(fps * options.cameraGopSeconds());
    recorder.setVideoBitrate(options.cameraBitrate());
    recorder.setVideoOption("rc_mode", "bitrate");
    recorder.setVideoOption("qmax", "51");
    recorder.setAudioCodecName("aac");
    recorder.setSampleRate(SAMPLE_RATE);
    recorder.setAudioChannels(1);
    recorder.setAudioBitrate(AUDIO_BITRATE);
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      release();
      throw e;
    }
  }

  /** Frame {@code index} (0, 1, 2...: its timestamp is index / fps) with two caption lines. */
  void encodeFrame(long index, String caption, String label) throws FrameRecorder.Exception {
    recorder.record(converter.convert(pattern.draw(index, caption, label)), avutil.AV_PIX_FMT_BGR24);
    long due = (index + 1) * SAMPLE_RATE / fps;
    int count = (int) (due - samplesWritten);
    for (int i = 0; i < count; i++) {
      samples[i] = (short) (TONE_AMPLITUDE * Math.sin(2 * Math.PI * TONE_HZ * (samplesWritten + i) / SAMPLE_RATE));
    }
    samplesWritten = due;
    recorder.recordSamples(SAMPLE_RATE, 1, ShortBuffer.wrap(samples, 0, count));
  }

  /** Flushes the encoders (the last frames reach the stream) and frees the native state. */
  @Override
  public void close() throws FrameRecorder.Exception {
    try {
      recorder.stop();
    } finally {
      release();
    }
  }

  private void release() {
    try {
      recorder.release();
    } catch (FrameRecorder.Exception ignored) {
      // nothing left to free
    }
    converter.close();
    pattern.dispose();
  }
}
