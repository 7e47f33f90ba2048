package dev.edgerelay.sim.camera;

import dev.edgerelay.sim.SimOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/** Makes the clip that loop cameras replay: the test pattern encoded once, or a user's file remuxed once. */
final class ClipSources {
  private ClipSources() {}

  /** {@code loop} mode: {@code cameraClipSeconds} of the pattern, encoded as fast as the CPU allows. */
  static Clip encodePattern(SimOptions options) throws IOException {
    Clip.Builder builder = new Clip.Builder();
    int frames = options.cameraClipSeconds() * options.cameraFps();
    try (FlvTagSink sink = new FlvTagSink(builder); PatternEncoder encoder = new PatternEncoder(options, sink)) {
      for (int i = 0; i < frames; i++) {
        long millis = i * 1000L / options.cameraFps();
        encoder.encodeFrame(i, String.format("LOOP %02d.%03d", millis / 1000, millis % 1000), "loop clip");
      }
    } catch (FrameRecorder.Exception | RuntimeException e) {
      builder.release();
      throw new IOException("could not encode the loop clip: " + e.getMessage(), e);
    }
    return builder.build(new Clip.Profile(options.cameraWidth(), options.cameraHeight(), options.cameraFps(),
        options.cameraBitrate()));
  }

  /**
   * {@code file} mode: the file's packets copied into FLV without transcoding (JavaCV grabPacket/recordPacket).
   *
   * @throws IOException when the file is missing, unreadable, or its video is not H.264 (FLV and the relay carry
   *     H.264 only) or its audio neither AAC nor absent
   */
  static Clip remuxFile(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException("camera file " + file + " does not exist or is not readable");
    }
    Clip.Builder builder = new Clip.Builder();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      if (grabber.getVideoCodec() != avcodec.AV_CODEC_ID_H264) {
        throw new IOException("camera file " + file + " has " + (grabber.hasVideo()
            ? "video codec " + grabber.getVideoCodecName() : "no video") + ": H.264 is needed (ffmpeg -c:v libx264)");
      }
      boolean audio = grabber.hasAudio();
      if (audio && grabber.getAudioCodec() != avcodec.AV_CODEC_ID_AAC) {
        throw new IOException("camera file " + file + " has audio codec " + grabber.getAudioCodecName()
            + ": AAC or no audio is needed (ffmpeg -c:a aac, or -an)");
      }
      Clip.Profile profile = new Clip.Profile(grabber.getImageWidth(), grabber.getImageHeight(),
          (int) Math.round(grabber.getFrameRate()), grabber.getVideoBitrate());
      try (FlvTagSink sink = new FlvTagSink(builder);
          FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(sink, grabber.getImageWidth(),
              grabber.getImageHeight(), audio ? grabber.getAudioChannels() : 0)) {
        recorder.setFormat("flv");
        recorder.setVideoCodec(grabber.getVideoCodec());
        recorder.setFrameRate(grabber.getFrameRate());
        if (audio) {
          recorder.setAudioCodec(grabber.getAudioCodec());
          recorder.setSampleRate(grabber.getSampleRate());
        }
        // MP4's sample entry tags ("avc1", "mp4a") mean nothing to FLV, which names codecs by its own ids
        AVFormatContext input = grabber.getFormatContext();
        for (int i = 0; i < input.nb_streams(); i++) {
          input.streams(i).codecpar().codec_tag(0);
        }
        recorder.start(input);
        AVPacket packet;
        while ((packet = grabber.grabPacket()) != null) {
          recorder.recordPacket(packet);
        }
        recorder.stop();
      }
      return builder.build(profile);
    } catch (FrameGrabber.Exception | FrameRecorder.Exception | IllegalStateException e) {
      builder.release();
      throw new IOException("could not remux camera file " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      builder.release();
      throw e;
    }
  }
}
