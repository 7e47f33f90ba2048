package dev.edgerelay.relay.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.relay.config.NodeConfigLoader;
import dev.edgerelay.relay.config.NodeOption;
import dev.edgerelay.relay.options.ConfigException;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogOptionsTest {
  private static LogOptions load(Map<NodeOption, String> flags) {
    return new NodeConfigLoader(Map.of(), new Properties()).load(flags).log();
  }

  @Test
  void shouldReadEveryLogOptionFromItsFlag() {
    LogOptions log = load(Map.of(NodeOption.LOG_LEVEL, "DEBUG", NodeOption.LOG_LEVELS, "io.netty=warn, ffmpeg=error",
        NodeOption.LOG_FILE, "true", NodeOption.LOG_FILE_MAX_MB, "3", NodeOption.LOG_FILE_KEEP, "2",
        NodeOption.LOG_JSON, "true", NodeOption.FFMPEG_LOG_LEVEL, "warning"));

    assertThat(log.level()).isEqualTo("debug");
    assertThat(log.loggerLevels()).containsExactly(Map.entry("io.netty", "warn"), Map.entry("ffmpeg", "error"));
    assertThat(log.file()).isTrue();
    assertThat(log.fileMaxBytes()).isEqualTo(3L * 1024 * 1024);
    assertThat(log.fileKeep()).isEqualTo(2);
    assertThat(log.json()).isTrue();
    assertThat(log.ffmpegLevel()).isEqualTo("warning");
  }

  @Test
  void shouldKeepTheConsoleAtInfoAndFfmpegAtErrorsByDefault() {
    LogOptions log = load(Map.of());

    assertThat(log.level()).isEqualTo("info");
    assertThat(log.loggerLevels()).isEmpty();
    assertThat(log.file()).isFalse();
    assertThat(log.json()).isFalse();
    assertThat(log.ffmpegLevel()).isEqualTo("error");
  }

  @Test
  void shouldNameTheFlagAndTheLevelsAllowedWhenALevelIsWrong() {
    assertThatThrownBy(() -> load(Map.of(NodeOption.LOG_LEVEL, "loud"))).isInstanceOf(ConfigException.class)
        .hasMessage("--log-level must be one of trace, debug, info, warn, error, off, got 'loud'");
    assertThatThrownBy(() -> load(Map.of(NodeOption.LOG_LEVELS, "io.netty"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("--log-levels names loggers as logger=level");
    assertThatThrownBy(() -> load(Map.of(NodeOption.FFMPEG_LOG_LEVEL, "warn"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("--ffmpeg-log-level must be one of quiet, panic, fatal, error, warning");
    assertThatThrownBy(() -> load(Map.of(NodeOption.LOG_FILE_KEEP, "0"))).isInstanceOf(ConfigException.class)
        .hasMessage("--log-file-keep must be between 1 and 20, got 0");
  }

  @Test
  void shouldMapFfmpegLevelsOntoTheLoggers() {
    assertThat(FfmpegLog.avLevel("quiet")).isEqualTo(avutil.AV_LOG_QUIET);
    assertThat(FfmpegLog.avLevel("warning")).isEqualTo(avutil.AV_LOG_WARNING);
    assertThat(FfmpegLog.level(avutil.AV_LOG_FATAL)).isEqualTo(Level.ERROR);
    assertThat(FfmpegLog.level(avutil.AV_LOG_ERROR)).isEqualTo(Level.ERROR);
    assertThat(FfmpegLog.level(avutil.AV_LOG_WARNING)).isEqualTo(Level.WARN);
    assertThat(FfmpegLog.level(avutil.AV_LOG_INFO)).isEqualTo(Level.INFO);
    assertThat(FfmpegLog.level(avutil.AV_LOG_VERBOSE)).isEqualTo(Level.DEBUG);
    assertThat(FfmpegLog.level(avutil.AV_LOG_TRACE)).isEqualTo(Level.TRACE);
  }
}
