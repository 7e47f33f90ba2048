package dev.edgerelay.relay.thumbnail;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale_frame;

import dev.edgerelay.media.Codec;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Turns one keyframe (Annex B, parameter sets first) into a JPEG with the FFmpeg C API: the codec's
 * decoder, {@code swscale} to full-range YUV 4:2:0 at the asked size, the {@code mjpeg} encoder.
 * Not thread-safe: each worker thread owns one and reuses its contexts (opening a decoder costs more
 * than decoding one 720p IDR). {@link #close()} frees every native struct.
 */
final class KeyframeTranscoder implements AutoCloseable {
  /** AVERROR(EAGAIN) on Linux: the codec wants more input (or its output read) first. */
  private static final int AVERROR_EAGAIN = -11;
  /** mjpeg quantiser scale (2 best .. 31 worst): 5 keeps a 720p frame near 60-90 KB, legible for a preview. */
  static final int JPEG_QSCALE = 5;
  /** Bilinear: the cheapest filter that does not alias visibly when a preview is scaled down. */
  private static final int SCALE_FLAGS = SWS_BILINEAR;

  private final AVPacket packet = av_packet_alloc();
  private final AVFrame decoded = av_frame_alloc();
  private final AVFrame scaled = av_frame_alloc();
  private AVCodecContext h264;
  private AVCodecContext hevc;
  private AVCodecContext jpeg;
  private SwsContext scaler;
  private boolean closed;

  /**
   * Decodes {@code annexB} and encodes it as JPEG {@code width} pixels wide (0: the picture's own width),
   * keeping the aspect ratio.
   *
   * @throws ThumbnailException when the keyframe does not decode or the image does not encode
   */
  Jpeg transcode(Codec codec, byte[] annexB, int width) {
    if (closed) {
      throw new IllegalStateException("transcoder closed");
    }
    AVCodecContext decoder = decoder(codec);
    try {
      decode(decoder, annexB);
      int srcW = decoded.width();
      int srcH = decoded.height();
      int dstW = width == 0 ? even(srcW) : width;
      int dstH = Math.max(2, even((int) Math.round((double) srcH * dstW / srcW)));
      scale(dstW, dstH);
      return new Jpeg(encode(dstW, dstH), dstW, dstH, srcW, srcH);
    } finally {
      av_frame_unref(decoded);
      avcodec_flush_buffers(decoder); // the next keyframe starts afresh, whatever this one left behind
    }
  }

  private AVCodecContext decoder(Codec codec) {
    switch (codec) {
      case H264 -> {
        if (h264 == null) {
          h264 = openDecoder(AV_CODEC_ID_H264, codec);
        }
        return h264;
      }
      case HEVC -> {
        if (hevc == null) {
          hevc = openDecoder(AV_CODEC_ID_HEVC, codec);
        }
        return hevc;
      }
      default -> throw new ThumbnailException(ThumbnailException.Reason.DECODE_FAILED, codec + " is not video");
    }
  }

  private static AVCodecContext openDecoder(int codecId, Codec codec) {
    AVCodec found = avcodec_find_decoder(codecId);
    if (found == null) {
      throw new ThumbnailException(ThumbnailException.Reason.DECODE_FAILED, "this FFmpeg build has no " + codec + " decoder");
    }
    AVCodecContext ctx = avcodec_alloc_context3(found);
    // one thread and low delay: frame threading would hold the picture back until more frames arrive
    ctx.thread_count(1);
    ctx.flags(ctx.flags() | AV_CODEC_FLAG_LOW_DELAY);
    check(avcodec_open2(ctx, found, (AVDictionary) null), ctx, "open the " + codec + " decoder");
    return ctx;
  }

  private void decode(AVCodecContext decoder, byte[] annexB) {
    check(av_new_packet(packet, annexB.length), null, "allocate a packet");
    try {
      packet.data().put(annexB, 0, annexB.length);
      check(avcodec_send_packet(decoder, packet), null, "decode the keyframe");
    } finally {
      av_packet_unref(packet);
    }
    int got = avcodec_receive_frame(decoder, decoded);
    if (got == AVERROR_EAGAIN) {
      avcodec_send_packet(decoder, null); // drain: a decoder that still holds the picture gives it up now
      got = avcodec_receive_frame(decoder, decoded);
    }
    check(got, null, "decode the keyframe to a picture");
  }

  private void scale(int dstW, int dstH) {
    scaler = sws_getCachedContext(scaler, decoded.width(), decoded.height(), decoded.format(), dstW, dstH,
        AV_PIX_FMT_YUVJ420P, SCALE_FLAGS, null, null, (DoublePointer) null);
    if (scaler == null) {
      throw new ThumbnailException(ThumbnailException.Reason.DECODE_FAILED, "no scaler from pixel format "
          + decoded.format() + " " + decoded.width() + "x" + decoded.height());
    }
    if (scaled.width() != dstW || scaled.height() != dstH) {
      av_frame_unref(scaled);
      scaled.width(dstW).height(dstH).format(AV_PIX_FMT_YUVJ420P).color_range(AVCOL_RANGE_JPEG);
      check(av_frame_get_buffer(scaled, 0), null, "allocate a " + dstW + "x" + dstH + " picture");
    }
    check(sws_scale_frame(scaler, scaled, decoded), null, "scale the picture");
  }

  private byte[] encode(int w, int h) {
    if (jpeg == null || jpeg.width() != w || jpeg.height() != h) {
      free(jpeg);
      jpeg = openJpegEncoder(w, h);
    }
    scaled.quality(jpeg.global_quality());
    check(avcodec_send_frame(jpeg, scaled), null, "encode the JPEG");
    check(avcodec_receive_packet(jpeg, packet), null, "read the encoded JPEG");
    try {
      byte[] out = new byte[packet.size()];
      packet.data().get(out);
      return out;
    } finally {
      av_packet_unref(packet);
    }
  }

  private static AVCodecContext openJpegEncoder(int w, int h) {
    AVCodec found = avcodec_find_encoder_by_name("mjpeg");
    if (found == null) {
      throw new ThumbnailException(ThumbnailException.Reason.DECODE_FAILED, "this FFmpeg build has no mjpeg encoder");
    }
    AVCodecContext ctx = avcodec_alloc_context3(found);
    ctx.width(w).height(h).pix_fmt(AV_PIX_FMT_YUVJ420P).color_range(AVCOL_RANGE_JPEG);
    ctx.time_base(new AVRational().num(1).den(25)); // required by the encoder, meaningless for one image
    ctx.flags(ctx.flags() | AV_CODEC_FLAG_QSCALE);
    ctx.global_quality(FF_QP2LAMBDA * JPEG_QSCALE);
    check(avcodec_open2(ctx, found, (AVDictionary) null), ctx, "open the mjpeg encoder");
    return ctx;
  }

  private static int even(int n) {
    return n & ~1;
  }

  /** Throws on a negative FFmpeg return code, freeing {@code ownedCtx} first when given. */
  private static void check(int ret, AVCodecContext ownedCtx, String what) {
    if (ret >= 0) {
      return;
    }
    free(ownedCtx);
    byte[] text = new byte[128];
    av_strerror(ret, text, text.length);
    int len = 0;
    while (len < text.length && text[len] != 0) {
      len++;
    }
    throw new ThumbnailException(ThumbnailException.Reason.DECODE_FAILED,
        "could not " + what + ": " + new String(text, 0, len, java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** avcodec_free_context takes a pointer to the pointer: never hand it a null one. */
  private static void free(AVCodecContext ctx) {
    if (ctx != null) {
      avcodec_free_context(ctx);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    free(h264);
    free(hevc);
    free(jpeg);
    if (scaler != null) {
      sws_freeContext(scaler);
    }
    av_frame_free(decoded);
    av_frame_free(scaled);
    av_packet_free(packet);
  }

  /** One encoded image and the picture it came from. */
  record Jpeg(byte[] bytes, int width, int height, int sourceWidth, int sourceHeight) {}
}
