package dev.edgerelay.relay.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.media.testing.LoopbackPorts;
import dev.edgerelay.relay.EdgeRelayMain;
import dev.edgerelay.relay.testing.ForkedJvm;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's log as an operator meets it: {@link EdgeRelayMain} in a JVM of its own, on the embedded emulator with
 * one live-encoding camera (so FFmpeg and OpenH264 have something to say), logging to a file under its data
 * directory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeLoggingTest {
  /** A line of the console and file format: date, time, level, thread, logger. */
  private static final Pattern FORMATTED = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ +\\[");
  private static final Duration WITHIN = Duration.ofSeconds(30);

  @TempDir Path data;
  private final List<String> console = Collections.synchronizedList(new ArrayList<>());
  private ForkedJvm node;

  @AfterEach
  void stop() throws InterruptedException {
    if (node != null) {
      node.process.destroy();
      if (!node.process.waitFor(30, TimeUnit.SECONDS)) {
        node.kill();
      }
    }
  }

  private void start(String... logOptions) throws Exception {
    int port = LoopbackPorts.run(4);
    List<String> args = new ArrayList<>(List.of("run", "--bind-host", "127.0.0.1", "--data-dir", data.toString(),
        "--http-port", String.valueOf(port), "--rtmp-port", String.valueOf(port + 1),
        "--sim-http-port", String.valueOf(port + 2), "--sim-rtmp-port", String.valueOf(port + 3),
        "--sim-cameras", "1", "--sim-camera-mode", "pattern"));
    args.addAll(List.of(logOptions));
    node = ForkedJvm.start(EdgeRelayMain.class, "node", List.of(), "256m", console::add, args.toArray(String[]::new));
    node.awaitLine("edge-relay is ready");
  }

  private List<String> logFile() {
    try {
      Path file = data.resolve(NodeLogging.FILE);
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldWriteTheNodesLinesAndFfmpegsIntoTheFileAndPrintNothingBehindTheLogger() throws Exception {
    // GIVEN a node logging to its file, with FFmpeg let through down to its info lines
    start("--log-file", "--ffmpeg-log-level", "info");

    // THEN the file has the node's own lines and FFmpeg's, in the console's format
    Eventually.until("the node's ready line in " + NodeLogging.FILE, WITHIN,
        () -> logFile().stream().anyMatch(l -> l.contains("dev.edgerelay.relay.EdgeNode - edge-relay ")
            && l.contains(" ready: HTTP on 127.0.0.1:")));
    Eventually.until("an FFmpeg line in " + NodeLogging.FILE, WITHIN,
        () -> logFile().stream().anyMatch(l -> l.contains(" ffmpeg - ") && l.contains("[libopenh264 @")));
    assertThat(logFile()).allSatisfy(line -> assertThat(line).matches(l -> FORMATTED.matcher(l).find()
        || l.startsWith(" ") || l.isEmpty(), "a formatted line or the continuation of one"));
    // AND every FFmpeg line on the console came through the logger too: none written to stderr by FFmpeg itself
    List<String> printed;
    synchronized (console) {
      printed = List.copyOf(console);
    }
    assertThat(printed).filteredOn(l -> l.contains("[libopenh264 @") || l.contains("Output #0"))
        .isNotEmpty().allSatisfy(l -> assertThat(l).containsPattern(FORMATTED).contains(" ffmpeg - "));
  }

  @Test
  void shouldWriteJsonLinesWhenAsked() throws Exception {
    // GIVEN a node logging JSON lines to its file, FFmpeg at its default (errors only)
    start("--log-file", "--log-json");

    // THEN each line of the file is one JSON object with the logger, level and message
    Eventually.until("the node's ready line in " + NodeLogging.FILE, WITHIN,
        () -> logFile().stream().anyMatch(l -> l.contains("edge-relay ") && l.contains(" ready: HTTP on")));
    List<JsonObject> lines = logFile().stream().map(JsonObject::new).toList();
    assertThat(lines).anySatisfy(line -> {
      assertThat(line.getString("loggerName")).isEqualTo("dev.edgerelay.relay.EdgeNode");
      assertThat(line.getString("level")).isEqualTo("INFO");
      assertThat(line.getString("formattedMessage")).contains(" ready: HTTP on 127.0.0.1:");
    });
    // AND FFmpeg's warnings about the emulator's encoder settings stay out at the default level
    assertThat(lines).noneSatisfy(line -> assertThat(line.getString("loggerName")).isEqualTo("ffmpeg"));
  }
}
