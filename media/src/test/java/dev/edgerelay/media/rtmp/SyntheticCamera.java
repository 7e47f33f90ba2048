package dev.edgerelay.media.rtmp;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Publishes a synthetic camera through JavaCV's FFmpeg (FFmpeg 8 in-process): H.264 from libopenh264
 * (Constrained Baseline, no B-frames, so DTS = PTS) and AAC, to an rtmp:// URL.
 */
final class SyntheticCamera implements AutoCloseable {
  static final int WIDTH = 320;
  static final int HEIGHT = 240;
  /** 25 fps makes every frame time a whole number of milliseconds: frame i is at 40 * i. */
  static final int FPS = 25;
  static final int SAMPLE_RATE = 44_100;

  private final FFmpegFrameRecorder recorder;
  private int frameIndex;

  SyntheticCamera(String url, int gopSize) throws Exception {
    this(url, gopSize, java.util.Map.of());
  }

  /** With FFmpeg protocol options, such as {@code listen=1} to serve the stream to one RTMP client. */
  SyntheticCamera(String url, int gopSize, java.util.Map<String, String> options) throws Exception {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    recorder = new FFmpegFrameRecorder(url, WIDTH, HEIGHT, 1);
    options.forEach(recorder::setOption);
    recorder.setFormat("flv");
    recorder.setVideoCodecName("libopenh264");
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(FPS);
    recorder.setGopSize(gopSize);
    recorder.setVideoBitrate(400_000);
    recorder.setAudioCodec(AV_CODEC_ID_AAC);
    recorder.setSampleRate(SAMPLE_RATE);
    recorder.setAudioChannels(1);
    recorder.setAudioBitrate(64_000);
    recorder.start();
  }

  /** Records one video frame and the audio that lasts as long. */
  void recordFrame() throws Exception {
    Frame frame = new Frame(WIDTH, HEIGHT, Frame.DEPTH_UBYTE, 3);
    ByteBuffer pixels = (ByteBuffer) frame.image[0];
    for (int i = 0; i < pixels.capacity(); i++) {
      pixels.put(i, (byte) ((i / 3 + frameIndex * 7) & 0xFF)); // a moving gradient
    }
    recorder.setTimestamp(frameIndex * 1_000_000L / FPS);
    recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
    ShortBuffer samples = ShortBuffer.allocate(SAMPLE_RATE / FPS);
    for (int i = 0; i < samples.capacity(); i++) {
      samples.put(i, (short) (8000 * Math.sin(2 * Math.PI * 440 * (frameIndex * samples.capacity() + i) / SAMPLE_RATE)));
    }
    recorder.recordSamples(SAMPLE_RATE, 1, samples);
    frameIndex++;
  }

  int framesRecorded() {
    return frameIndex;
  }

  @Override
  public void close() throws Exception {
    recorder.stop();
    recorder.release();
  }
}
