package dev.edgerelay.relay.logging;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_PANIC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_TRACE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_VERBOSE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import java.util.List;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * FFmpeg's own log (av_log, and OpenH264's through it) as lines of the logger {@code ffmpeg}, instead of FFmpeg
 * writing to stderr behind the node's log. FFmpeg's level is set too, so lines below it are not even formatted.
 */
public final class FfmpegLog extends LogCallback {
  private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");
  /** FFmpeg's levels in the order of {@link LogOptions#FFMPEG_LEVELS}. */
  private static final List<Integer> LEVELS = List.of(AV_LOG_QUIET, AV_LOG_PANIC, AV_LOG_FATAL, AV_LOG_ERROR,
      AV_LOG_WARNING, AV_LOG_INFO, AV_LOG_VERBOSE, AV_LOG_DEBUG, AV_LOG_TRACE);
  /** Longest piece of a line kept while FFmpeg writes it in parts: a line is never longer in practice. */
  static final int MAX_LINE_CHARS = 4096;
  /** Kept reachable for as long as FFmpeg may call it: the native side holds only a pointer. */
  private static volatile FfmpegLog installed;

  /** FFmpeg writes one line in several calls (a stream's description); each thread joins its own pieces. */
  private final ThreadLocal<StringBuilder> pending = ThreadLocal.withInitial(StringBuilder::new);

  /** Routes FFmpeg's log into the logger from now on, at {@code level} (one of {@link LogOptions#FFMPEG_LEVELS}). */
  public static synchronized void route(String level) {
    avutil.av_log_set_level(avLevel(level));
    if (installed == null) {
      installed = new FfmpegLog().retainReference();
      avutil.setLogCallback(installed);
    }
  }

  static int avLevel(String level) {
    int i = LogOptions.FFMPEG_LEVELS.indexOf(level);
    if (i < 0) {
      throw new IllegalArgumentException("not an FFmpeg log level: " + level);
    }
    return LEVELS.get(i);
  }

  /** The logger's level for one of FFmpeg's: its warnings are warnings, its verbose and debug lines debug. */
  static Level level(int avLevel) {
    if (avLevel <= AV_LOG_ERROR) {
      return Level.ERROR;
    } else if (avLevel <= AV_LOG_WARNING) {
      return Level.WARN;
    } else if (avLevel <= AV_LOG_INFO) {
      return Level.INFO;
    } else if (avLevel <= AV_LOG_DEBUG) {
      return Level.DEBUG;
    }
    return Level.TRACE;
  }

  @Override
  public void call(int avLevel, BytePointer message) {
    if (avLevel > avutil.av_log_get_level()) {
      return;
    }
    StringBuilder line = pending.get();
    if (line.length() < MAX_LINE_CHARS) {
      line.append(message.getString());
    }
    int end = line.length();
    if (end == 0 || line.charAt(end - 1) != '\n' && end < MAX_LINE_CHARS) {
      return;
    }
    String text = line.toString().stripTrailing();
    line.setLength(0);
    if (!text.isEmpty()) {
      LOG.atLevel(level(avLevel)).log(text);
    }
  }
}
