package dev.edgerelay.relay.logging;

import dev.edgerelay.relay.options.Check;
import dev.edgerelay.relay.options.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the node logs (docs/operations.md, logging): levels, the console's format, an optional rolling file under the
 * data directory, and how much of FFmpeg's own log is let through.
 */
public final class LogOptions {
  /** The levels a logger takes, as Logback names them. */
  public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");
  /** FFmpeg's own levels (av_log), quietest first. */
  public static final List<String> FFMPEG_LEVELS =
      List.of("quiet", "panic", "fatal", "error", "warning", "info", "verbose", "debug", "trace");
  public static final String DEFAULT_LEVEL = "info";
  /** No logger has a level of its own unless named. */
  public static final String DEFAULT_LEVELS = "";
  /** The console (journald under systemd) is the log unless a file is asked for. */
  public static final boolean DEFAULT_FILE = false;
  /** Size at which the file rolls over. */
  public static final int DEFAULT_FILE_MAX_MB = 10;
  public static final int MIN_FILE_MAX_MB = 1;
  public static final int MAX_FILE_MAX_MB = 1024;
  /** Rolled-over files kept beside the current one: the file takes at most (keep + 1) x max MB of disk. */
  public static final int DEFAULT_FILE_KEEP = 5;
  public static final int MIN_FILE_KEEP = 1;
  /** Logback's fixed window of rolled-over files goes no further. */
  public static final int MAX_FILE_KEEP = 20;
  /** Plain text lines, as a person reads them; JSON lines are for a log collector. */
  public static final boolean DEFAULT_JSON = false;
  /**
   * FFmpeg's warnings in the node's use are about settings it chose on purpose (OpenH264's profile, an FLV header
   * that cannot be rewritten on a pipe): errors only unless asked for.
   */
  public static final String DEFAULT_FFMPEG_LEVEL = "error";

  private String level = DEFAULT_LEVEL;
  /** {@code logger=level,...}: levels of single loggers or packages over {@link #level}. */
  private String levels = DEFAULT_LEVELS;
  private boolean file = DEFAULT_FILE;
  private int fileMaxMb = DEFAULT_FILE_MAX_MB;
  private int fileKeep = DEFAULT_FILE_KEEP;
  private boolean json = DEFAULT_JSON;
  private String ffmpegLevel = DEFAULT_FFMPEG_LEVEL;

  public LogOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public LogOptions(JsonObject json) {
    level = json.getString("level", level);
    levels = json.getString("levels", levels);
    file = json.getBoolean("file", file);
    fileMaxMb = json.getInteger("fileMaxMb", fileMaxMb);
    fileKeep = json.getInteger("fileKeep", fileKeep);
    this.json = json.getBoolean("json", this.json);
    ffmpegLevel = json.getString("ffmpegLevel", ffmpegLevel);
  }

  public JsonObject toJson() {
    return new JsonObject().put("level", level).put("levels", levels).put("file", file).put("fileMaxMb", fileMaxMb)
        .put("fileKeep", fileKeep).put("json", json).put("ffmpegLevel", ffmpegLevel);
  }

  /** Checks every field; the ConfigException names the field and its allowed values. */
  public LogOptions validate() {
    oneOf("level", level, LEVELS);
    loggerLevels();
    Check.range("fileMaxMb", fileMaxMb, MIN_FILE_MAX_MB, MAX_FILE_MAX_MB);
    Check.range("fileKeep", fileKeep, MIN_FILE_KEEP, MAX_FILE_KEEP);
    oneOf("ffmpegLevel", ffmpegLevel, FFMPEG_LEVELS);
    return this;
  }

  private static String oneOf(String field, String value, List<String> allowed) {
    String lower = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw new ConfigException(field, "must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
    return lower;
  }

  /** The root logger's level, lower case. */
  public String level() {
    return oneOf("level", level, LEVELS);
  }

  public LogOptions setLevel(String level) {
    this.level = level;
    return this;
  }

  /** Levels of single loggers (a class or a package), in the order given. */
  public Map<String, String> loggerLevels() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : levels.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("levels", "names loggers as logger=level, e.g. io.netty=warn, got '" + item.trim()
            + "'");
      }
      out.put(item.substring(0, eq).trim(), oneOf("levels", item.substring(eq + 1), LEVELS));
    }
    return out;
  }

  public LogOptions setLevels(String levels) {
    this.levels = levels;
    return this;
  }

  /** Whether the log also goes to a rolling file under the data directory ({@link NodeLogging#FILE}). */
  public boolean file() {
    return file;
  }

  public LogOptions setFile(boolean file) {
    this.file = file;
    return this;
  }

  public long fileMaxBytes() {
    return fileMaxMb * 1024L * 1024L;
  }

  public LogOptions setFileMaxMb(int fileMaxMb) {
    this.fileMaxMb = fileMaxMb;
    return this;
  }

  public int fileKeep() {
    return fileKeep;
  }

  public LogOptions setFileKeep(int fileKeep) {
    this.fileKeep = fileKeep;
    return this;
  }

  /** Whether lines are JSON objects, one a line, on the console and in the file. */
  public boolean json() {
    return json;
  }

  public LogOptions setJson(boolean json) {
    this.json = json;
    return this;
  }

  /** FFmpeg's own level, as av_log names it, lower case. */
  public String ffmpegLevel() {
    return oneOf("ffmpegLevel", ffmpegLevel, FFMPEG_LEVELS);
  }

  public LogOptions setFfmpegLevel(String ffmpegLevel) {
    this.ffmpegLevel = ffmpegLevel;
    return this;
  }
}
