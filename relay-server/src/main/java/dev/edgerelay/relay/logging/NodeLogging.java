package dev.edgerelay.relay.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Sets up the node's log from its {@link LogOptions} once they are read (docs/operations.md, logging): the console
 * on stdout, optionally a rolling file under the data directory, levels, and the libraries that would otherwise
 * print on their own (FFmpeg, JavaCPP, Hazelcast) routed into it. Until then the node logs as
 * {@code logback.xml} says: the same console format at info.
 */
public final class NodeLogging {
  /** The log file, under the data directory; rolled-over ones are {@code edge-relay.1.log} and up. */
  public static final String FILE = "logs/edge-relay.log";
  /**
   * The console's and the file's format: tests and scripts read lines of it (the member list Hazelcast logs starts
   * on a line of its own, as its message begins with a line break).
   */
  static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

  private NodeLogging() {}

  /**
   * Properties read by libraries when they first log, so set before any of them starts: Hazelcast and JavaCPP
   * log through SLF4J instead of their own console writers.
   */
  public static void routeLibraries() {
    System.setProperty("hazelcast.logging.type", System.getProperty("hazelcast.logging.type", "slf4j"));
    System.setProperty("org.bytedeco.javacpp.logger", System.getProperty("org.bytedeco.javacpp.logger", "slf4j"));
  }

  /** Replaces the start-up configuration with the one {@code options} ask for; the file lands under {@code dataDir}. */
  public static void apply(LogOptions options, Path dataDir) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J backend on the class path (a test's): it keeps its own configuration
    }
    context.reset();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(options.level()));
    for (Map.Entry<String, String> entry : options.loggerLevels().entrySet()) {
      context.getLogger(entry.getKey()).setLevel(Level.toLevel(entry.getValue()));
    }
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    root.addAppender(started(context, console, "console", options.json()));
    if (options.file()) {
      root.addAppender(started(context, rollingFile(context, dataDir.resolve(FILE), options), "file",
          options.json()));
    }
    FfmpegLog.route(options.ffmpegLevel());
  }

  private static RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext context, Path file, LogOptions options) {
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setFile(file.toString());
    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(appender);
    String name = file.getFileName().toString();
    rolling.setFileNamePattern(file.resolveSibling(name.replace(".log", ".%i.log")).toString());
    rolling.setMinIndex(1);
    rolling.setMaxIndex(options.fileKeep());
    rolling.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(new FileSize(options.fileMaxBytes()));
    trigger.start();
    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    return appender;
  }

  private static OutputStreamAppender<ILoggingEvent> started(LoggerContext context,
      OutputStreamAppender<ILoggingEvent> appender, String name, boolean json) {
    appender.setContext(context);
    appender.setName(name);
    appender.setEncoder(encoder(context, json));
    appender.start();
    return appender;
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
    if (json) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      // the message as a person reads it, not its template and arguments; no fields that say nothing per line
      encoder.setWithFormattedMessage(true);
      encoder.setWithMessage(false);
      encoder.setWithArguments(false);
      encoder.setWithContext(false);
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.start();
      return encoder;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    return encoder;
  }
}
