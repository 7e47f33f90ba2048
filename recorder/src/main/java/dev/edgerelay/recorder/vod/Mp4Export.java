package dev.edgerelay.recorder.vod;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Remuxes recorded TS segments into one fast-start MP4 without transcoding: packets
 * are copied, and each file's timestamps are shifted to follow the previous file's, so gaps and source
 * restarts between segments do not make the MP4's time line jump or step back. The range is cut at
 * segment boundaries (keyframes): cutting elsewhere would need a re-encode. Blocking: run on a worker.
 */
public final class Mp4Export {
  /** The MP4 index (moov) goes before the media, so a player starts before the download ends. */
  static final String FAST_START = "faststart";

  private Mp4Export() {}

  /** Writes {@code segments} (at least one) into {@code out}. */
  public static void export(List<Path> segments, Path out) throws IOException {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("nothing to export");
    }
    try (FFmpegFrameGrabber first = new FFmpegFrameGrabber(segments.get(0).toFile())) {
      first.start();
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), first.getImageWidth(),
          first.getImageHeight(), first.getAudioChannels())) {
        recorder.setFormat("mp4");
        recorder.setOption("movflags", FAST_START);
        AVFormatContext input = first.getFormatContext();
        for (int i = 0; i < input.nb_streams(); i++) {
          input.streams(i).codecpar().codec_tag(0); // TS stream types are not MP4 sample entries: let the muxer pick
        }
        recorder.start(input);
        int tracks = input.nb_streams();
        long cursor = copy(first, recorder, 0, tracks);
        for (Path segment : segments.subList(1, segments.size())) {
          try (FFmpegFrameGrabber next = new FFmpegFrameGrabber(segment.toFile())) {
            next.start();
            cursor = copy(next, recorder, cursor, tracks);
          }
        }
        recorder.stop();
      }
    } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
      throw new IOException("MP4 export failed: " + e.getMessage(), e);
    }
  }

  /**
   * Copies one file's packets of the first {@code tracks} streams, shifted so its first DTS lands on {@code cursor} (90 kHz, the TS time
   * base); returns where the next file starts.
   */
  private static long copy(FFmpegFrameGrabber in, FFmpegFrameRecorder out, long cursor, int tracks)
      throws FrameGrabber.Exception, FrameRecorder.Exception {
    long offset = Long.MIN_VALUE;
    long end = cursor;
    for (AVPacket pkt; (pkt = in.grabPacket()) != null; ) {
      if (pkt.stream_index() >= tracks) {
        continue; // a track the first segment did not have: the MP4's track list is fixed by then
      }
      long dts = pkt.dts() != avutil.AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
      if (dts == avutil.AV_NOPTS_VALUE) {
        continue;
      }
      if (offset == Long.MIN_VALUE) {
        offset = cursor - dts;
      }
      if (pkt.pts() != avutil.AV_NOPTS_VALUE) {
        pkt.pts(pkt.pts() + offset);
      }
      pkt.dts(dts + offset);
      end = Math.max(end, dts + offset + Math.max(1, pkt.duration()));
      out.recordPacket(pkt);
    }
    return end;
  }
}
